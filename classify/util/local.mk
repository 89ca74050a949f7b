# util/: what every part uses: the error object, label names, strings,
# growable arrays, time stamps, files written atomically, one YAML document
# of outside input (yaml_doc.c, for the policy and inventory readers). Includes nothing
# of classify's but include/classify/error.h and label.h.
libclassify_a_SOURCES += classify/util/error.c classify/util/label.c \
	classify/util/util.c classify/util/util.h \
	classify/util/yaml_doc.c classify/util/yaml_doc.h
