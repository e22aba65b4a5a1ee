from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_article_search_vector"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="seo_title",
            field=models.CharField(
                blank=True,
                help_text="Shown in search results and link previews instead of the headline. Leave blank to use the headline.",
                max_length=70,
                verbose_name="search engine title",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="seo_description",
            field=models.CharField(
                blank=True,
                help_text="Shown under the title in search results and link previews. Leave blank to use the standfirst.",
                max_length=160,
                verbose_name="search engine description",
            ),
        ),
    ]
