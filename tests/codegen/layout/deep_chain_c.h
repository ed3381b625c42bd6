/* The C99 half of the slot tests (deep_chain_c.c): the vtable offsets and struct layouts a C
 * compiler gives deep_chain.h, and calls through its C macros, for vtable_layout_test.cpp
 * to compare with C++ and with the hand-written expectations. */
#ifndef UCOM_TEST_DEEP_CHAIN_C_H
#define UCOM_TEST_DEEP_CHAIN_C_H

#include <stddef.h>

#include "deep_chain.h"
#include "deep_chain_slots.h"

#ifdef __cplusplus
extern "C" {
#endif

/* offsetof(IFooVtbl, Method) of every slot, interface after interface in the order of
 * DEEP_INTERFACES. */
extern const size_t deep_c_slot_offsets[DEEP_SLOT_TOTAL];
/* sizeof(IFooVtbl) of each interface, in the order of DEEP_INTERFACES. */
extern const size_t deep_c_vtbl_sizes[7];

/* How many slots are not at slot * sizeof(void (*)(void)), plus how many vtables are larger
 * than their slots: 0 when C lays out deep_chain.h as deep_chain_slots.h says. */
size_t deep_c_slot_mismatches(void);

/* The structs passed by value, as C lays them out. */
struct deep_c_struct_layout {
    size_t point_size, point_y;
    size_t mixed_size, mixed_align, mixed_value, mixed_letter, mixed_big;
    size_t nested_size, nested_tag, nested_detail, nested_code;
};
struct deep_c_struct_layout deep_c_layout(void);

/* What deep_c_call_every_slot's calls returned: hr[slot] for slots 3 to 19, and the [out]
 * values. The caller releases previous and found, and frees name and title (ucom_free). */
struct deep_c_results {
    HRESULT hr[20];
    ULONG add_ref, release;
    double scaled;
    int32_t count;
    deep_point where;
    uint8_t buffer[4];
    deep_mixed copy;
    IUnknown *previous;
    char *name;
    int16_t tag_sum;
    uint32_t converted;
    char *title;
    uint16_t first;
    IDeep0 *found;
};

/* Calls every method of IDeep5 once through its IDeep5_* macro, in slot order. */
void deep_c_call_every_slot(IDeep5 *deep, IDeepSink *sink, struct deep_c_results *out);

/* Queries each base interface IDeep0..IDeep4 of deep and calls one of its methods through
 * that base's own macro: hr[n] is what the IDeepN call returned (a failed QueryInterface
 * leaves E_NOINTERFACE). */
void deep_c_call_through_bases(IDeep5 *deep, HRESULT hr[5]);

#ifdef __cplusplus
}
#endif

#endif /* UCOM_TEST_DEEP_CHAIN_C_H */
