from django.contrib.auth import views as auth_views
from django.urls import path

from cchc.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("tinh/<slug:slug>/", views.province, name="province"),
    path("tinh/<slug:slug>/lich-su/", views.province_history, name="province-history"),
    path("thong-bao/", views.notifications, name="notifications"),
    path("thong-bao/cai-dat/", views.notification_settings, name="notification-settings"),
    path("thong-bao/da-doc-tat-ca/", views.notifications_read_all, name="notifications-read-all"),
    path("thong-bao/<int:notification_id>/da-doc/", views.notification_read, name="notification-read"),
    path("thong-bao/<int:notification_id>/mo/", views.notification_open, name="notification-open"),
    path("healthz", views.healthz, name="healthz"),
    path("dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
]
