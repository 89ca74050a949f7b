# core/: the scan (targets -> sources -> tables -> workers -> report), the
# detector engine and registry, and one column's verdict.
libclassify_a_SOURCES += classify/core/scan.c classify/core/column.c \
	classify/core/evidence.c classify/core/evidence.h \
	classify/core/engine.c classify/core/registry.c classify/core/mask.c \
	classify/core/context.c
