from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="FormToken",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token", models.CharField(max_length=64, unique=True, verbose_name="รหัสแบบฟอร์ม")),
                (
                    "used_at",
                    models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="ใช้เมื่อ"),
                ),
            ],
            options={
                "verbose_name": "รหัสแบบฟอร์มที่ใช้แล้ว",
                "verbose_name_plural": "รหัสแบบฟอร์มที่ใช้แล้ว",
            },
        ),
    ]
