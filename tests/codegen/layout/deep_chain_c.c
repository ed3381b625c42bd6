/* The C99 half of the slot tests: deep_chain.h laid out and called by a C compiler, through
 * the structs and IFoo_Method(This, ...) macros a C client uses. */
#include "deep_chain_c.h"

#include <stddef.h>

#include <ucom/ucom.h>

#define DEEP_SLOT_BYTES sizeof(void (*)(void))

#define DEEP_OFFSET(I, member, slot) offsetof(I##Vtbl, member),
#define DEEP_INTERFACE_OFFSETS(I, SLOTS, count) SLOTS(DEEP_OFFSET, I)
const size_t deep_c_slot_offsets[DEEP_SLOT_TOTAL] = {DEEP_INTERFACES(DEEP_INTERFACE_OFFSETS)};

#define DEEP_VTBL_SIZE(I, SLOTS, count) sizeof(I##Vtbl),
const size_t deep_c_vtbl_sizes[7] = {DEEP_INTERFACES(DEEP_VTBL_SIZE)};

#define DEEP_CHECK_SLOT(I, member, slot)                                                                               \
    mismatches += (size_t)(offsetof(I##Vtbl, member) != (size_t)(slot)*DEEP_SLOT_BYTES);
#define DEEP_CHECK_INTERFACE(I, SLOTS, count)                                                                          \
    SLOTS(DEEP_CHECK_SLOT, I) mismatches += (size_t)(sizeof(I##Vtbl) != (size_t)(count)*DEEP_SLOT_BYTES);

size_t deep_c_slot_mismatches(void)
{
    size_t mismatches = 0;
    DEEP_INTERFACES(DEEP_CHECK_INTERFACE)
    return mismatches;
}

struct deep_c_struct_layout deep_c_layout(void)
{
    struct deep_mixed_alignment {
        char c;
        deep_mixed m;
    };
    struct deep_c_struct_layout layout;
    layout.point_size = sizeof(deep_point);
    layout.point_y = offsetof(deep_point, y);
    layout.mixed_size = sizeof(deep_mixed);
    layout.mixed_align = offsetof(struct deep_mixed_alignment, m);
    layout.mixed_value = offsetof(deep_mixed, value);
    layout.mixed_letter = offsetof(deep_mixed, letter);
    layout.mixed_big = offsetof(deep_mixed, big);
    layout.nested_size = sizeof(deep_nested);
    layout.nested_tag = offsetof(deep_nested, tag);
    layout.nested_detail = offsetof(deep_nested, detail);
    layout.nested_code = offsetof(deep_nested, code);
    return layout;
}

void deep_c_call_every_slot(IDeep5 *deep, IDeepSink *sink, struct deep_c_results *out)
{
    static const uint16_t text[] = {'A', 'B', 0};
    const deep_point by = {1, 2};
    const deep_mixed mixed = {1, 2.5, 0x42, -7};
    deep_nested nested;
    size_t i;

    for (i = 0; i < sizeof out->hr / sizeof out->hr[0]; ++i) {
        out->hr[i] = E_UNEXPECTED;
    }
    nested.origin = by;
    nested.tag = -3;
    nested.detail = mixed;
    nested.code[0] = 7;
    nested.code[1] = 8;
    nested.code[2] = 9;
    out->where.x = 10;
    out->where.y = 20;

    out->add_ref = IDeep5_AddRef(deep);
    out->release = IDeep5_Release(deep);
    out->hr[3] = IDeep5_Ping(deep, 11);
    out->hr[4] = IDeep5_Scale(deep, INT64_C(1) << 33, 0.25, &out->scaled);
    out->hr[5] = IDeep5_SetFlag(deep, 1, 0x263A);
    out->hr[6] = IDeep5_get_Count(deep, &out->count);
    out->hr[7] = IDeep5_put_Count(deep, -5);
    out->hr[8] = IDeep5_Move(deep, by, &out->where);
    out->hr[9] = IDeep5_Fill(deep, (uint32_t)sizeof out->buffer, out->buffer);
    out->hr[10] = IDeep5_Mix(deep, mixed, &out->copy);
    out->hr[11] = IDeep5_Attach(deep, sink, &out->previous);
    out->hr[12] = IDeep5_Name(deep, &out->name);
    out->hr[13] = IDeep5_Nest(deep, nested, &out->tag_sum);
    out->hr[14] = IDeep5_Convert(deep, 0xFFFF, UINT64_C(1) << 63, 1.5f, &out->converted);
    out->hr[15] = IDeep5_get_Title(deep, &out->title);
    out->hr[16] = IDeep5_put_Title(deep, "from C");
    out->hr[17] = IDeep5_Widen(deep, text, -2, &out->first);
    out->hr[18] = IDeep5_Reset(deep);
    out->hr[19] = IDeep5_Lookup(deep, &nested, &out->found);
}

void deep_c_call_through_bases(IDeep5 *deep, HRESULT hr[5])
{
    IDeep0 *deep0 = NULL;
    IDeep1 *deep1 = NULL;
    IDeep2 *deep2 = NULL;
    IDeep3 *deep3 = NULL;
    IDeep4 *deep4 = NULL;
    int i;

    for (i = 0; i < 5; ++i) {
        hr[i] = E_NOINTERFACE;
    }
    if (SUCCEEDED(IDeep5_QueryInterface(deep, &IID_IDeep0, (void **)&deep0))) {
        double scaled = 0.0;
        hr[0] = IDeep0_Scale(deep0, 4, 0.5, &scaled);
        IDeep0_Release(deep0);
    }
    if (SUCCEEDED(IDeep5_QueryInterface(deep, &IID_IDeep1, (void **)&deep1))) {
        hr[1] = IDeep1_put_Count(deep1, 101);
        IDeep1_Release(deep1);
    }
    if (SUCCEEDED(IDeep5_QueryInterface(deep, &IID_IDeep2, (void **)&deep2))) {
        const deep_mixed mixed = {0, -1.0, 0x20AC, 1};
        deep_mixed copy;
        hr[2] = IDeep2_Mix(deep2, mixed, &copy);
        IDeep2_Release(deep2);
    }
    if (SUCCEEDED(IDeep5_QueryInterface(deep, &IID_IDeep3, (void **)&deep3))) {
        char *name = NULL;
        hr[3] = IDeep3_Name(deep3, &name);
        ucom_free(name);
        IDeep3_Release(deep3);
    }
    if (SUCCEEDED(IDeep5_QueryInterface(deep, &IID_IDeep4, (void **)&deep4))) {
        uint32_t converted = 0;
        hr[4] = IDeep4_Convert(deep4, 1, 2, -0.5f, &converted);
        IDeep4_Release(deep4);
    }
}
