/* A plugin whose descriptor is written by hand to be wrong in one way, chosen by
 * UCOM_TEST_ABI_MAJOR (another major) or UCOM_TEST_CLASS_SIZE (records smaller than the
 * format's). It has no entry points: the loader must refuse it before it gets that far. */
#include <stddef.h>

#include <ucom/module_descriptor.h>

#ifndef UCOM_TEST_ABI_MAJOR
#define UCOM_TEST_ABI_MAJOR UCOM_DESCRIPTOR_ABI_MAJOR
#endif
#ifndef UCOM_TEST_CLASS_SIZE
#define UCOM_TEST_CLASS_SIZE sizeof(ucom_descriptor_class)
#endif

struct handmade_descriptor {
    ucom_descriptor_header header;
    ucom_descriptor_class classes[1];
    char strings[8];
};

static const struct handmade_descriptor descriptor UCOM_DESCRIPTOR_ATTRIBUTES = {
    {sizeof(struct handmade_descriptor), UCOM_DESCRIPTOR_MAGIC, UCOM_TEST_ABI_MAJOR, 0, sizeof(ucom_descriptor_header),
     UCOM_TEST_CLASS_SIZE, sizeof(ucom_descriptor_interface), 1, offsetof(struct handmade_descriptor, classes),
     offsetof(struct handmade_descriptor, strings), 8, 0, 0, 0, 0},
    {{{0x47E33DF5, 0xBF12, 0x4469, {0x83, 0x6C, 0x2E, 0xAC, 0x6F, 0x51, 0x74, 0x50}}, 1, 0, 0, 0, UCOM_THREADING_FREE, 0, 0, 0}},
    "\0Handm\0"};
