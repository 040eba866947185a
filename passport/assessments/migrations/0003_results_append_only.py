from django.db import migrations

from passport.audit.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [("assessments", "0002_initial")]

    operations = [append_only("assessments_result"), append_only("assessments_resultfinding")]
