"""The inbox, mounted at /notifications/."""

app_name = "notifications"

urlpatterns: list = []
