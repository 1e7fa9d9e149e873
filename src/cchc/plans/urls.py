from django.urls import path

from cchc.plans import views

p = "tinh/<slug:slug>/ke-hoach/"
urlpatterns = [
    path(p, views.plan_list, name="plan-list"),
    path(p + "moi/", views.plan_create, name="plan-create"),
    path(p + "<int:plan_id>/", views.plan_detail, name="plan-detail"),
    path(p + "<int:plan_id>/sua/", views.plan_edit, name="plan-edit"),
    path(p + "<int:plan_id>/phu-luc/", views.plan_appendix, name="plan-appendix"),
    path(p + "<int:plan_id>/nhiem-vu/moi/", views.task_create, name="task-create"),
    path(p + "<int:plan_id>/nhiem-vu/<int:task_id>/sua/", views.task_edit, name="task-edit"),
    path(p + "<int:plan_id>/nhiem-vu/<int:task_id>/go/", views.task_remove, name="task-remove"),
    path(p + "<int:plan_id>/chi-tieu/moi/", views.target_create, name="target-create"),
    path(p + "<int:plan_id>/moc/<int:milestone_id>/han/", views.milestone_set_due, name="milestone-due"),
]
