/* Read (never compiled) by the export check's own test (tests/compat/CMakeLists.txt): a
   public C API function that no version node of runtime/libucom.map lists, so libucom does
   not export it, beside two it does export; and one declared without UCOM_API. */
#ifndef UCOM_COMPAT_FORGOTTEN_H
#define UCOM_COMPAT_FORGOTTEN_H

#include <ucom/export.h>

UCOM_API void ucom_alloc(void);
UCOM_API void ucom_runtime_open(void);
UCOM_API void ucom_compat_forgotten(void);
void ucom_compat_unmarked(void);

#endif
