/* Marks the functions libucom exports; everything else in the library stays hidden. */
#ifndef UCOM_EXPORT_H
#define UCOM_EXPORT_H

#if defined(UCOM_BUILDING_RUNTIME)
#define UCOM_API __attribute__((visibility("default")))
#else
#define UCOM_API
#endif

#endif /* UCOM_EXPORT_H */
