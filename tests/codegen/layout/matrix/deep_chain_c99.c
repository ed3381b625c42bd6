/* Compiled with -fsyntax-only as strict C99 by every C compiler of the layout matrix:
 * deep_chain.h used the way a C client uses it, every call macro of IDeep5 once. */
#include <stddef.h>

#include "deep_chain.h"

HRESULT deep_chain_c_client(IDeep5 *deep, IDeepSink *sink);
HRESULT deep_chain_c_client(IDeep5 *deep, IDeepSink *sink)
{
    static const uint16_t text[] = {0x41, 0};
    deep_point by = {1, 2};
    deep_point where = {3, 4};
    deep_mixed mixed = {1, 2.5, 0x42, INT64_C(-7)};
    deep_mixed copy;
    deep_nested nested;
    double scaled = 0.0;
    int32_t count = 0;
    IUnknown *previous = NULL;
    IDeep0 *found = NULL;
    char *name = NULL;
    int16_t tag_sum = 0;
    uint32_t converted = 0;
    uint8_t buffer[4];
    uint16_t first = 0;
    HRESULT hr = IDeepSink_Notify(sink, 7);

    nested.origin = by;
    nested.tag = -1;
    nested.detail = mixed;
    nested.code[0] = nested.code[1] = nested.code[2] = 0;
    hr |= IDeep5_Ping(deep, 1);
    hr |= IDeep5_Scale(deep, INT64_C(1) << 40, 0.5, &scaled);
    hr |= IDeep5_SetFlag(deep, 1, 0x263A);
    hr |= IDeep5_get_Count(deep, &count);
    hr |= IDeep5_put_Count(deep, count + 1);
    hr |= IDeep5_Move(deep, by, &where);
    hr |= IDeep5_Fill(deep, (uint32_t)sizeof buffer, buffer);
    hr |= IDeep5_Mix(deep, mixed, &copy);
    hr |= IDeep5_Attach(deep, sink, &previous);
    hr |= IDeep5_Name(deep, &name);
    hr |= IDeep5_Nest(deep, nested, &tag_sum);
    hr |= IDeep5_Convert(deep, 0xFFFF, UINT64_C(1) << 63, 1.5f, &converted);
    hr |= IDeep5_get_Title(deep, &name);
    hr |= IDeep5_put_Title(deep, "title");
    hr |= IDeep5_Widen(deep, text, -2, &first);
    hr |= IDeep5_Reset(deep);
    hr |= IDeep5_Lookup(deep, &nested, &found);
    hr |= IDeep0_Ping((IDeep0 *)deep, 2);
    if (found != NULL) {
        IDeep0_Release(found);
    }
    return hr | (HRESULT)IDeep5_AddRef(deep) | (HRESULT)IDeep5_Release(deep);
}
