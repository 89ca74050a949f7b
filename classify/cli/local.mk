# cli/: the only code that reads argv or prints to a terminal. main.c holds
# the subcommand table, cmd_NAME.c one subcommand each; the *_options.c
# files are the option layers that scan and table share.
classify_classify_SOURCES = classify/cli/main.c classify/cli/cli.h \
	classify/cli/cmd_scan.c classify/cli/cmd_table.c classify/cli/cmd_detectors.c \
	classify/cli/cmd_policy.c classify/cli/cmd_diff.c classify/cli/cmd_xlsx.c classify/cli/cmd_review.c \
	classify/cli/cmd_discover.c \
	classify/cli/scan_options.c classify/cli/scan_options.h \
	classify/cli/policy_options.c classify/cli/policy_options.h \
	classify/cli/db_options.c classify/cli/db_options.h \
	classify/cli/gate.c classify/cli/gate.h \
	classify/cli/output_paths.c classify/cli/output_paths.h
classify_classify_LDADD = $(CLS_LIBS)
# The run across a fleet: --shard/--resume/signals of scan, and `merge`.
classify_classify_SOURCES += classify/cli/fleet_options.c classify/cli/fleet_options.h \
	classify/cli/cmd_merge.c
