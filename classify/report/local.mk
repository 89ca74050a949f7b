# report/: the report model (report.c, its targets[] in targets.c), its
# writers and readers (JSON, terminal text, the xlsx workbook), diffs
# between reports and the history folder.
libclassify_a_SOURCES += classify/report/report.c classify/report/targets.c \
	classify/report/targets.h classify/report/json.c classify/report/text.c \
	classify/report/xlsx.c classify/report/xlsx.h classify/report/diff.c \
	classify/report/diff.h classify/report/history.c
# The run across a fleet: run.seed/targets_sha256/shard/interrupted in
# JSON and the canonical order (fleet.c), shard reports merged (merge.c).
libclassify_a_SOURCES += classify/report/fleet.c classify/report/fleet.h \
	classify/report/merge.c
