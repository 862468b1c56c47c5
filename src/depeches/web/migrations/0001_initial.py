from django.db import migrations, models
from django.utils import timezone


def create_the_row(apps, schema_editor):
    apps.get_model("web", "ContentVersion").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.BigIntegerField(default=0)),
                ("changed_at", models.DateTimeField(default=timezone.now)),
            ],
        ),
        migrations.RunPython(create_the_row, migrations.RunPython.noop),
    ]
