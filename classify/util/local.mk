# util/: what every part uses: the error object, label names, strings,
# growable arrays, time stamps, files written atomically. Includes nothing
# of classify's but include/classify/error.h and label.h.
libclassify_a_SOURCES += classify/util/error.c classify/util/label.c \
	classify/util/util.c classify/util/util.h
