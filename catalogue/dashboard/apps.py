from django.urls import path
from oscar.apps.dashboard.catalogue import apps
from oscar.core.loading import get_class


class CatalogueDashboardConfig(apps.CatalogueDashboardConfig):
    """Oscar's catalogue dashboard with the product views scoped to the user's workshops (``catalogue.scope``) and
    the co-op admins' review queue. Same app label and templates as Oscar's; only the views and permissions change."""

    def ready(self):
        super().ready()
        from catalogue.dashboard import views

        self.product_list_view = views.ListingListView
        self.product_bulk_action_confirm_view = views.ListingBulkActionConfirmView
        self.product_lookup_view = views.ListingLookupView
        self.product_createupdate_view = views.ListingCreateUpdateView
        self.product_delete_view = views.ListingDeleteView
        self.category_create_view = views.CategoryCreateView  # their pictures go through catalogue.images
        self.category_update_view = views.CategoryUpdateView
        self.review_list_view = views.ReviewListView
        self.review_view = views.ReviewView

    def configure_permissions(self):
        super().configure_permissions()
        DashboardPermission = get_class("dashboard.permissions", "DashboardPermission")
        reviewers = DashboardPermission.get("catalogue", "view_product", "review_product")
        self.permissions_map.update({
            # Deleting and bulk actions are for co-op admins; instructors and makers go through review.
            "catalogue-product-delete": DashboardPermission.get("catalogue", "view_product", "delete_product"),
            "catalogue-product-bulk-action": reviewers,
            "catalogue-review-list": reviewers,
            "catalogue-review": reviewers,
        })

    def get_urls(self):
        return super().get_urls() + self.post_process_urls([
            path("review/", self.review_list_view.as_view(), name="catalogue-review-list"),
            path("review/<int:pk>/", self.review_view.as_view(), name="catalogue-review"),
        ])
