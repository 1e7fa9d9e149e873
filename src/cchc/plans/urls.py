from django.urls import path

from cchc.plans import views, views_cycle

p = "tinh/<slug:slug>/ke-hoach/"
urlpatterns = [
    path(p, views.plan_list, name="plan-list"),
    path(p + "moi/", views.plan_create, name="plan-create"),
    path(p + "<int:plan_id>/", views.plan_detail, name="plan-detail"),
    path(p + "<int:plan_id>/sua/", views.plan_edit, name="plan-edit"),
    path(p + "<int:plan_id>/huy-bo/", views.plan_discard, name="plan-discard"),
    path(p + "<int:plan_id>/phu-luc/", views.plan_appendix, name="plan-appendix"),
    path(p + "<int:plan_id>/nhiem-vu/moi/", views.task_create, name="task-create"),
    path(p + "<int:plan_id>/nhiem-vu/<int:task_id>/sua/", views.task_edit, name="task-edit"),
    path(p + "<int:plan_id>/nhiem-vu/<int:task_id>/go/", views.task_remove, name="task-remove"),
    path(p + "<int:plan_id>/chi-tieu/moi/", views.target_create, name="target-create"),
    path(p + "<int:plan_id>/chi-tieu/<int:target_id>/ket-qua/", views.target_result, name="target-result"),
    path(p + "<int:plan_id>/moc/<int:milestone_id>/han/", views.milestone_set_due, name="milestone-due"),
    path(p + "<int:plan_id>/lay-y-kien/", views_cycle.plan_send_for_comments, name="plan-send-for-comments"),
    path(p + "<int:plan_id>/gop-y/", views_cycle.plan_comment, name="plan-comment"),
    path(p + "<int:plan_id>/gop-y/<int:comment_id>/tra-loi/", views_cycle.comment_answer, name="comment-answer"),
    path(p + "<int:plan_id>/ban-hanh/", views_cycle.plan_issue, name="plan-issue"),
    path(p + "<int:plan_id>/ghi-nhan-ban-hanh/", views_cycle.plan_record_issued, name="plan-record-issued"),
    path(p + "<int:plan_id>/dieu-chinh/", views_cycle.plan_adjust, name="plan-adjust"),
    path(p + "<int:plan_id>/phien-ban/", views_cycle.plan_versions, name="plan-versions"),
    path(p + "<int:plan_id>/giai-trinh/", views_cycle.gap_explain, name="gap-explain"),
    path(p + "<int:plan_id>/tiep-nhan/", views_cycle.plan_acknowledge, name="plan-acknowledge"),
    path(p + "cua-co-quan/", views_cycle.agency_plan_create, name="agency-plan-create"),
    path("tinh/<slug:slug>/de-xuat/", views_cycle.call_list, name="call-list"),
    path("tinh/<slug:slug>/de-xuat/<int:call_id>/", views_cycle.call_detail, name="call-detail"),
    path("tinh/<slug:slug>/de-xuat/<int:call_id>/mo-lai/<int:agency_id>/", views_cycle.call_reopen, name="call-reopen"),
    path(
        "tinh/<slug:slug>/de-xuat/<int:call_id>/de-xuat/<int:proposal_id>/xet/",
        views_cycle.proposal_decide,
        name="proposal-decide",
    ),
    path(
        "tinh/<slug:slug>/de-xuat/<int:call_id>/de-xuat/<int:proposal_id>/sua/",
        views_cycle.proposal_edit,
        name="proposal-edit",
    ),
    path(
        "tinh/<slug:slug>/de-xuat/<int:call_id>/de-xuat/<int:proposal_id>/rut/",
        views_cycle.proposal_withdraw,
        name="proposal-withdraw",
    ),
    path("tinh/<slug:slug>/de-xuat/<int:call_id>/tong-hop/", views_cycle.call_consolidate, name="call-consolidate"),
]
