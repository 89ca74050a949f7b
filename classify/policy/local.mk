# policy/: the policy model (policy.c), its YAML reader (yaml.c, which
# builds the model through the model's API) and the scan hooks that apply
# it (apply.c).
libclassify_a_SOURCES += classify/policy/policy.c classify/policy/policy.h \
	classify/policy/yaml.c classify/policy/yaml.h \
	classify/policy/apply.c classify/policy/apply.h \
	classify/policy/reviews.c classify/policy/reviews.h
