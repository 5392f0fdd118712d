"""The pages of the work-training unit, under /work-training/."""

from django.urls import path

from lotsa.worktraining.views import motivation, report_back

app_name = "worktraining"

urlpatterns = [
    path("cases/<int:enrolment_id>/motivation/", motivation.motivation, name="motivation"),
    path("behaviours/<int:behaviour_id>/", motivation.behaviour, name="behaviour"),
    path("behaviours/<int:behaviour_id>/assess/", motivation.assess, name="assess"),
    path("behaviours/<int:behaviour_id>/plan/", motivation.plan, name="plan"),
    path("cases/<int:enrolment_id>/report-back/", report_back.reports_back, name="reports_back"),
    path("report-back/<int:report_back_id>/", report_back.report_back, name="report_back"),
    *(
        path(
            f"report-back/<int:report_back_id>/{step}/",
            report_back.step,
            {"step": step},
            name=f"report_back_{step}",
        )
        for step in report_back.STEPS
    ),
    path(
        "report-back/<int:report_back_id>/report.pdf",
        report_back.report_back_pdf,
        name="report_back_pdf",
    ),
]
