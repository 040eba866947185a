"""Progress pages of plans (notes, evidence, the progress chart); part of the ``plans`` namespace."""

urlpatterns: list = []
