# report/: the report model (report.c, its targets[] in targets.c), its
# writers and readers (JSON, terminal text, the xlsx workbook), diffs
# between reports and the history folder.
libclassify_a_SOURCES += classify/report/report.c classify/report/pool.c \
	classify/report/pool.h classify/report/targets.c \
	classify/report/targets.h classify/report/json.c classify/report/text.c \
	classify/report/xlsx.c classify/report/xlsx.h classify/report/xlsx_book.h \
	classify/report/xlsx_summary.c classify/report/xlsx_tables.c \
	classify/report/xlsx_columns.c classify/report/xlsx_decide.c \
	classify/report/xlsx_review.c classify/report/xlsx_sheets.c \
	classify/report/xlsx_reviews.c classify/report/xlsx_read.c \
	classify/report/xlsx_read.h classify/report/xlsx_xml.c classify/report/xlsx_xml.h classify/report/overrides.c \
	classify/report/overrides.h classify/report/diff.c \
	classify/report/diff.h classify/report/history.c \
	classify/report/selection.c classify/report/selection.h \
	classify/report/json_split.c classify/report/json_split.h

# The report reader checks every report against schemas/report.schema.json,
# built in as a C string (schemas/embed.sh).
libclassify_a_SOURCES += classify/report/schema_check.c classify/report/schema_check.h
nodist_libclassify_a_SOURCES += classify/report/schema_text.c
CLEANFILES += classify/report/schema_text.c
classify/report/schema_text.c: $(top_srcdir)/schemas/report.schema.json $(top_srcdir)/schemas/embed.sh
	$(MKDIR_P) classify/report
	$(SHELL) $(top_srcdir)/schemas/embed.sh cls_report_schema_text \
	  $(top_srcdir)/schemas/report.schema.json > $@.tmp && mv $@.tmp $@

# The run across a fleet: run.seed/targets_sha256/shard/interrupted in
# JSON and the canonical order (fleet.c), shard reports merged (merge.c).
libclassify_a_SOURCES += classify/report/fleet.c classify/report/fleet.h \
	classify/report/merge.c
