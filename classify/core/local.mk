# core/: the scan (targets -> sources -> tables -> workers -> report), the
# detector engine and registry, and one column's verdict.
libclassify_a_SOURCES += classify/core/scan.c classify/core/column.c \
	classify/core/evidence.c classify/core/evidence.h \
	classify/core/engine.c classify/core/registry.c classify/core/mask.c \
	classify/core/context.c
# The run across a fleet: the share of work a shard takes (shard.c) and the
# checkpoint an interrupted run resumes from (checkpoint.c).
libclassify_a_SOURCES += classify/core/shard.c classify/core/shard.h \
	classify/core/checkpoint.c
