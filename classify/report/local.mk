# report/: the report model (report.c, its targets[] in targets.c), its
# writers and readers (JSON, terminal text, the xlsx workbook), diffs
# between reports and the history folder.
libclassify_a_SOURCES += classify/report/report.c classify/report/targets.c \
	classify/report/targets.h classify/report/json.c classify/report/text.c \
	classify/report/xlsx.c classify/report/xlsx.h classify/report/xlsx_book.h \
	classify/report/xlsx_summary.c classify/report/xlsx_tables.c \
	classify/report/xlsx_columns.c classify/report/xlsx_decide.c \
	classify/report/xlsx_review.c classify/report/xlsx_sheets.c \
	classify/report/xlsx_reviews.c classify/report/xlsx_read.c \
	classify/report/xlsx_read.h classify/report/xlsx_xml.c classify/report/xlsx_xml.h classify/report/overrides.c \
	classify/report/overrides.h classify/report/diff.c \
	classify/report/diff.h classify/report/history.c
