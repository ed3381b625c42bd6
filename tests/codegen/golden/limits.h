/* Included by media_library.idl through the preprocessor. */
#ifndef MEDIA_LIMITS_H
#define MEDIA_LIMITS_H
#define MEDIA_NAME_LENGTH 64
#define MEDIA_TAG_COUNT(n) ((n) * 2)
#endif
