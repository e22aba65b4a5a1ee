from django.contrib import admin
from django.db.models import Count

from .models import Article, Author, Category, Image


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "credit", "width", "height", "created_at"]
    search_fields = ["alt_text", "caption", "credit"]
    readonly_fields = ["width", "height", "created_at"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "job_title", "user", "article_count"]
    search_fields = ["name", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["avatar", "user"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user").annotate(article_total=Count("articles"))

    @admin.display(description="articles", ordering="article_total")
    def article_count(self, author):
        return author.article_total


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "category", "author", "published_at", "is_featured"]
    list_filter = ["status", "category", "author", "is_featured", "tags"]
    list_select_related = ["category", "author"]
    search_fields = ["title", "standfirst", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author", "category", "featured_image"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "body"]}),
        ("Photo", {"fields": ["featured_image", "featured_image_caption"]}),
        ("Filing", {"fields": ["author", "category", "tags"]}),
        ("Publishing", {"fields": ["status", "published_at", "is_featured", "comments_enabled", "created_at", "updated_at"]}),
        ("Search engines and link previews", {
            "fields": ["seo_title", "seo_description"],
            "classes": ["collapse"],
        }),
    ]
