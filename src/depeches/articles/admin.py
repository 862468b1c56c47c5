from django.contrib import admin

from depeches.articles.models import Article, Rubrique


@admin.register(Rubrique)
class RubriqueAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_fr", "name_ar", "position"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "language", "rubrique", "published_at", "extraction"]
    list_filter = ["language", "extraction", "rubrique", "outlet"]
    search_fields = ["title", "canonical_url"]
    date_hierarchy = "published_at"
    raw_id_fields = ["outlet", "feed", "story"]
    list_select_related = ["outlet", "rubrique"]
