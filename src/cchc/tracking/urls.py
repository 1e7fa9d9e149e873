from django.urls import path

from cchc.tracking import views

t = "tinh/<slug:slug>/nhiem-vu/<int:task_id>/"
urlpatterns = [
    path("tinh/<slug:slug>/theo-doi/", views.task_tracking, name="task-tracking"),
    path(t, views.task_detail, name="task-detail"),
    path(t + "cap-nhat/", views.task_progress, name="task-progress"),
    path(t + "dong-gop/", views.task_contribute, name="task-contribute"),
    path(t + "cap-nhat/<int:update_id>/xac-nhan/", views.update_confirm, name="update-confirm"),
    path(t + "cap-nhat/<int:update_id>/tra-lai/", views.update_return, name="update-return"),
    path(t + "huy/", views.task_cancel, name="task-cancel"),
    path(t + "vuong-mac/", views.problem_raise, name="problem-raise"),
    path("tinh/<slug:slug>/vuong-mac/", views.problem_list, name="problem-list"),
    path("tinh/<slug:slug>/vuong-mac/<int:problem_id>/tra-loi/", views.problem_answer, name="problem-answer"),
]
