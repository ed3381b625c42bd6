/* The module descriptor: what a plugin declares (its classes, their ProgIDs and threading
 * model, the interfaces each implements with layout fingerprints, since 1.1 the
 * interfaces of other components it calls, with the fingerprints it was built against, and
 * since 1.2 each interface's contract fingerprint beside its layout one), as plain data in the ELF
 * section UCOM_DESCRIPTOR_SECTION, so that registration and the loader can read it from the
 * file without running any plugin code. ucom-idl writes it (--emit descriptor) from the IDL's
 * coclasses; nobody writes it by hand. docs/abi.md specifies the format.
 *
 * A section holds one or more blobs back to back (one per IDL file with coclasses), each
 * 8-byte aligned. A blob is self-contained: every reference is a byte offset from the
 * blob's first byte, so it needs no relocation and reads the same from the file and from
 * memory. Its size comes first so that a reader can refuse a short blob before it reads
 * further, and skip to the next blob. C99 and C++17. */
#ifndef UCOM_MODULE_DESCRIPTOR_H
#define UCOM_MODULE_DESCRIPTOR_H

#include <stdint.h>

#include <ucom/abi.h>

#define UCOM_DESCRIPTOR_SECTION "ucom_descriptor"
#define UCOM_DESCRIPTOR_MAGIC 0x4D4F4355u /* "UCOM" in a little-endian file */
/* A reader refuses another major; a newer minor only appends fields (the *_size fields say
 * how large each record really is, so an older reader skips what it does not know). */
#define UCOM_DESCRIPTOR_ABI_MAJOR 1
#define UCOM_DESCRIPTOR_ABI_MINOR 2
/* The records as 1.0 wrote them: the header ended after strings_size, an interface record
 * after flags. */
#define UCOM_DESCRIPTOR_HEADER_SIZE_1_0 40u
#define UCOM_DESCRIPTOR_INTERFACE_SIZE_1_0 32u

/* ucom_descriptor_class.threading: the coclass's threading(...) attribute. */
#define UCOM_THREADING_UNSPECIFIED 0u
#define UCOM_THREADING_APARTMENT 1u
#define UCOM_THREADING_FREE 2u
#define UCOM_THREADING_BOTH 3u
#define UCOM_THREADING_NEUTRAL 4u
#define UCOM_THREADING_SINGLE 5u

/* ucom_descriptor_interface.flags */
#define UCOM_INTERFACE_DEFAULT 1u  /* [default] */
#define UCOM_INTERFACE_SOURCE 2u   /* [source]: an outgoing interface the class calls, not implements */
#define UCOM_INTERFACE_DISPATCH 4u /* a dispinterface: described only, fingerprint 0 */

typedef struct ucom_descriptor_header {
    uint32_t size;  /* bytes in this blob, header included */
    uint32_t magic; /* UCOM_DESCRIPTOR_MAGIC */
    uint16_t abi_major;
    uint16_t abi_minor;
    uint32_t header_size;    /* sizeof(ucom_descriptor_header) of the writer */
    uint32_t class_size;     /* sizeof(ucom_descriptor_class) of the writer */
    uint32_t interface_size; /* sizeof(ucom_descriptor_interface) of the writer */
    uint32_t class_count;
    uint32_t classes_offset; /* class_count records of class_size bytes */
    uint32_t strings_offset; /* NUL-terminated UTF-8 strings; offset 0 in it is "" */
    uint32_t strings_size;
    /* 1.1: the interfaces this module (a plugin or a host) calls on other components, with
     * the fingerprints it was built against, so that a stale caller is found before it runs.
     * uses_count records of interface_size bytes at uses_offset; absent (0) in 1.0. */
    uint32_t uses_count;
    uint32_t uses_offset;
    /* 1.2: the version of the canonical text the interface records' `contract` fingerprints
     * hash (2, docs/idl.md); 0 before 1.2, when records have no contract. A reader compares
     * contracts of one version only. */
    uint32_t layout_version;
    uint32_t reserved;
} ucom_descriptor_header;

typedef struct ucom_descriptor_class {
    GUID clsid;
    uint32_t name; /* string offsets (into the blob's strings); 0 is "" (absent) */
    uint32_t progid;
    uint32_t vi_progid;
    uint32_t description; /* helpstring */
    uint32_t threading;   /* UCOM_THREADING_* */
    uint32_t interface_count;
    uint32_t interfaces_offset; /* interface_count records of interface_size bytes */
    uint32_t reserved;
} ucom_descriptor_class;

typedef struct ucom_descriptor_interface {
    GUID iid;
    uint64_t fingerprint; /* ucom-idl's layout 1 fingerprint of the interface: the binary (0: dispinterface) */
    uint32_t name;        /* string offset */
    uint32_t flags;       /* UCOM_INTERFACE_* */
    /* 1.2: the fingerprint of the whole contract, layout header.layout_version: the binary,
     * and how much memory crosses and what it holds (size_is, string, iid_is, …). */
    uint64_t contract;
} ucom_descriptor_interface;

/* Attributes the generated blobs carry: in their own section, kept by the linker even
 * though no code refers to them. */
#if defined(__has_attribute)
#if __has_attribute(retain)
#define UCOM_DESCRIPTOR_RETAIN __attribute__((retain))
#endif
#endif
#ifndef UCOM_DESCRIPTOR_RETAIN
#define UCOM_DESCRIPTOR_RETAIN
#endif
#define UCOM_DESCRIPTOR_ATTRIBUTES                                                                                     \
    __attribute__((section(UCOM_DESCRIPTOR_SECTION), used, aligned(8))) UCOM_DESCRIPTOR_RETAIN

#endif /* UCOM_MODULE_DESCRIPTOR_H */
