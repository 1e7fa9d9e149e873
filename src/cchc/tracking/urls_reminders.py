"""TRK-4: the overdue list and the reminders by hand."""

from django.urls import path

from cchc.tracking import views_reminders as views

urlpatterns = [
    path("tinh/<slug:slug>/qua-han/", views.overdue_tasks, name="overdue-tasks"),
    path("tinh/<slug:slug>/qua-han/nhac/", views.overdue_remind, name="overdue-remind"),
    path("tinh/<slug:slug>/nhiem-vu/<int:task_id>/nhac/", views.task_remind, name="task-remind"),
]
