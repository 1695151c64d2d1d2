"""Make the council required, once 0003 has given every existing record one. (Separate
migrations: PostgreSQL cannot alter a table in the transaction that updated its rows.)"""

import django.db.models.deletion
from django.db import migrations, models


def required(model_name, related_name):
    return migrations.AlterField(
        model_name=model_name,
        name="council",
        field=models.ForeignKey(
            on_delete=django.db.models.deletion.CASCADE,
            related_name=related_name,
            to="governance.council",
        ),
    )


class Migration(migrations.Migration):
    dependencies = [("governance", "0003_council")]

    operations = [
        required("body", "bodies"),
        required("bodyalias", "+"),
        required("document", "documents"),
        required("organisation", "organisations"),
        required("organisationalias", "+"),
        required("person", "people"),
    ]
