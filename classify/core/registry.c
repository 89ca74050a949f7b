/* The detector registry. detectors/detectors.def is expanded twice: once to
 * declare each detector's exported descriptor, once to build the table, so
 * adding a detector never touches this file. */
#include <string.h>

#include "classify/detector.h"

#define DETECTOR(name) extern const struct cls_detector cls_detector_##name;
#include "detectors.def"
#undef DETECTOR

const struct cls_detector *const cls_detectors[] = {
#define DETECTOR(name) &cls_detector_##name,
#include "detectors.def"
#undef DETECTOR
};

const size_t cls_detector_count = sizeof cls_detectors / sizeof cls_detectors[0];

const struct cls_detector *cls_detector_find(const char *id)
{
    for (size_t i = 0; i < cls_detector_count; i++)
        if (strcmp(cls_detectors[i]->id, id) == 0)
            return cls_detectors[i];
    return NULL;
}
