from django.contrib import admin

from depeches.sources.models import Feed, Outlet


class FeedInline(admin.TabularInline):
    model = Feed
    extra = 0
    fields = ["url", "format", "active", "last_status", "error_streak", "last_error_code"]
    readonly_fields = ["format", "last_status", "error_streak", "last_error_code"]


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "language", "region", "display_mode", "active"]
    list_filter = ["language", "display_mode", "active", "region"]
    search_fields = ["name", "slug", "home_url"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [FeedInline]


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = [
        "url",
        "outlet",
        "last_status",
        "error_streak",
        "last_error_code",
        "last_success_at",
        "next_check_at",
    ]
    list_filter = ["active", "format", "last_error_code"]
    search_fields = ["url", "outlet__name"]
    readonly_fields = [
        "etag",
        "last_modified",
        "lease_owner",
        "lease_expires_at",
        "last_checked_at",
        "last_success_at",
        "last_error_detail",
    ]
