"""Oscar's order dashboard, forked only to scope what instructors see (ARCHITECTURE.md trap 5)."""

from oscar.apps.dashboard.orders import apps


class OrdersDashboardConfig(apps.OrdersDashboardConfig):
    name = "storefront.shop.orders_dashboard"

    def configure_permissions(self):
        """Order statistics sum whole orders, every workshop's lines included, so they are for staff only."""
        super().configure_permissions()
        self.permissions_map["order-stats"] = (["is_staff"],)

    def ready(self):
        from storefront.shop.orders_dashboard import views

        super().ready()
        self.order_list_view = views.OrderListView
        self.order_detail_view = views.OrderDetailView
        self.line_detail_view = views.LineDetailView
        self.shipping_address_view = views.ShippingAddressUpdateView
