/* A C99 client of objects implemented in C++ with implements<>: what a C plugin or host
 * does with the C header alone. Each function returns what the C++ test then checks. */
#ifndef UCOM_TEST_C_CLIENT_H
#define UCOM_TEST_C_CLIENT_H

#include <ucom/ucom.h>

#include "calculator.h"

#ifdef __cplusplus
extern "C" {
#endif

/* QueryInterface for ICalculator2 on object, then Multiply(a, b), then Release. */
HRESULT c_multiply(IUnknown *object, int32_t a, int32_t b, int32_t *product);
/* Divide by zero through ICalculator, then take the error info: *message from ucom_alloc. */
HRESULT c_divide_by_zero(IUnknown *object, HRESULT *info_code, char **message);
/* IDescribe::Describe; *text from ucom_alloc. */
HRESULT c_describe(IUnknown *object, char **text);
/* 1 when QueryInterface(IUnknown) through every interface gives one pointer, else 0. */
int c_identity_holds(IUnknown *object);
/* 1 when a miss returns E_NOINTERFACE, nulls *ppv and leaves the count unchanged, else 0. */
int c_miss_is_clean(IUnknown *object);
/* Sets error info from C, as a C plugin's method would before failing; returns the code. */
HRESULT c_fail_with_error_info(const char *message);
/* Creates an object through a class factory and returns its IUnknown. */
HRESULT c_create(IClassFactory *factory, IUnknown **object);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* UCOM_TEST_C_CLIENT_H */
