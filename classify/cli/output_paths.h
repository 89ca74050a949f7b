/* Up-front checks of a scan's output paths (output_paths.c). */
#ifndef CLASSIFY_CLI_OUTPUT_PATHS_H
#define CLASSIFY_CLI_OUTPUT_PATHS_H

/* 0 when a file can be created or replaced at path ("-" and NULL pass):
 * its folder exists and is writable, and path is no folder. Else prints a
 * one-line error naming opt and path, and returns -1. */
int cls_cli_check_output_file(const char *opt, const char *path);

/* 0 when path is a writable folder, or absent with a writable parent (the
 * history writer creates it). Else prints why and returns -1. */
int cls_cli_check_output_folder(const char *opt, const char *path);

#endif
