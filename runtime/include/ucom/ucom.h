/* The runtime's C API: the task allocator for memory that crosses the boundary, per-thread
 * error info, and the names of result codes. Usable from C99 plugins and hosts. */
#ifndef UCOM_UCOM_H
#define UCOM_UCOM_H

#include <stddef.h>

#include <ucom/abi.h>
#include <ucom/export.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Task allocator (COM's CoTaskMemAlloc). Memory one side hands to the other is
 * allocated and freed with these, never with the malloc/new of either side. ---- */

/* Returns NULL when size is 0 or memory is exhausted. Aligned for any fundamental type. */
UCOM_API void *ucom_alloc(size_t size);
/* Like realloc; ucom_realloc(NULL, n) allocates, ucom_realloc(p, 0) frees and returns NULL. */
UCOM_API void *ucom_realloc(void *block, size_t size);
/* Frees a block from ucom_alloc/ucom_realloc/ucom_strdup; NULL is allowed. */
UCOM_API void ucom_free(void *block);
/* A ucom_alloc'd copy of a NUL-terminated UTF-8 string; NULL if text is NULL or on failure. */
UCOM_API char *ucom_strdup(const char *text);

/* COM's names for the same functions, for code brought from Windows (there is no
 * CoCreateInstance: a host opens its runtime, ucom/runtime.h). A definition of the includer's
 * own comes first. */
#ifndef CoTaskMemAlloc
#define CoTaskMemAlloc ucom_alloc
#endif
#ifndef CoTaskMemRealloc
#define CoTaskMemRealloc ucom_realloc
#endif
#ifndef CoTaskMemFree
#define CoTaskMemFree ucom_free
#endif

/* ---- Per-thread error info (COM's SetErrorInfo/GetErrorInfo as plain functions). A callee
 * sets it just before it returns a failure; the caller reads it after the failing call.
 * It belongs to the calling thread and survives until replaced, cleared or taken. ---- */

/* Records code, source (who failed, e.g. "Example.Greeter") and message (UTF-8, copied).
 * source and message may be NULL (stored as empty). */
UCOM_API void ucom_set_error_info(HRESULT code, const char *source, const char *message);
/* Forgets this thread's error info. */
UCOM_API void ucom_clear_error_info(void);
/* Takes this thread's error info and clears it. Returns S_OK and fills every non-NULL out
 * parameter (strings from ucom_alloc: free them with ucom_free), or S_FALSE when there is
 * none (out strings set to NULL, *code to S_OK), or E_OUTOFMEMORY. */
UCOM_API HRESULT ucom_take_error_info(HRESULT *code, char **source, char **message);

/* ---- GUIDs ---- */

/* A new random (version 4, RFC 4122 variant) GUID from the kernel's random source, as
 * CoCreateGuid makes them. E_POINTER for a NULL out, E_FAIL when no randomness is to be had. */
UCOM_API HRESULT ucom_create_guid(GUID *out);

/* ---- Result codes ---- */

/* "E_NOINTERFACE" for the codes ucom knows, NULL otherwise. Static storage. */
UCOM_API const char *ucom_hresult_name(HRESULT code);
/* A sentence for the codes ucom knows ("No such interface supported"), NULL otherwise. */
UCOM_API const char *ucom_hresult_message(HRESULT code);
/* The code of a known name ("E_NOINTERFACE", exact case): S_OK with *code set; E_INVALIDARG for
 * an unknown name; E_POINTER for a NULL argument. */
UCOM_API HRESULT ucom_hresult_from_name(const char *name, HRESULT *code);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* UCOM_UCOM_H */
