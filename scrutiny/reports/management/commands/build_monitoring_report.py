from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from scrutiny.reports.builder import (
    FORMATS,
    render_report,
    report_data_draft,
    report_data_for_issued,
)
from scrutiny.reviews.models import Review


class Command(BaseCommand):
    help = (
        "Write a review's monitoring report to a file: the next report as it stands today, "
        "or with --sequence an issued report exactly as it was issued."
    )

    def add_arguments(self, parser):
        parser.add_argument("--review", required=True, help="The review's slug.")
        parser.add_argument("--format", required=True, choices=sorted(FORMATS))
        parser.add_argument("--output", required=True, type=Path)
        parser.add_argument("--sequence", type=int, help="An issued report's number (1 = first).")

    def handle(self, *args, review, format, output, sequence, **options):
        try:
            review_obj = Review.objects.select_related("committee").get(slug=review)
        except Review.DoesNotExist:
            known = ", ".join(Review.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f'No review "{review}". Reviews: {known}.') from None
        if sequence is None:
            data = report_data_draft(review_obj, today=timezone.localdate())
        else:
            report = (
                review_obj.monitoring_reports.filter(sequence=sequence)
                .select_related("meeting")
                .order_by("-version")
                .first()
            )
            if report is None:
                raise CommandError(f"{review_obj} has no issued report {sequence}.")
            data = report_data_for_issued(report)
        output = Path(output)
        if not output.parent.exists():
            raise CommandError(f"The folder {output.parent} does not exist.")
        output.write_bytes(render_report(data, format))
        self.stdout.write(f"Wrote {output} ({output.stat().st_size // 1024} KB).")
