/* Compiled with -fsyntax-only as strict C99 by every C compiler of the layout matrix: the
 * golden media_library.h (unions of both kinds, an imported file, a library with a
 * dispinterface), its structs filled and its call macros used. */
#include <stddef.h>

#include "media_library.h"

HRESULT media_c_client(IMediaTrack2 *track, IMediaSink *sink);
HRESULT media_c_client(IMediaTrack2 *track, IMediaSink *sink)
{
    media_kind kind = MEDIA_KIND_AUDIO;
    media_time duration = {0, 0};
    media_value value;
    media_details details;
    media_tag *tags = NULL;
    uint32_t count = 0;
    uint32_t read = 0;
    int32_t number = 0;
    uint8_t buffer[MEDIA_MAX_CHANNELS];
    char *name = NULL;
    void *extension = NULL;
    HRESULT hr = IMediaTrack2_get_Kind(track, &kind);
    hr |= IMediaTrack2_get_Name(track, &name);
    hr |= IMediaTrack2_put_Name(track, MEDIA_DEFAULT_FORMAT);
    hr |= IMediaTrack2_get_Duration(track, &duration);
    hr |= IMediaTrack2_GetTags(track, &count, &tags);
    hr |= IMediaTrack2_GetValue(track, MEDIA_TAGS, &value);
    hr |= IMediaTrack2_get_Number(track, &number);
    hr |= IMediaTrack2_putref_Album(track, (IUnknown *)sink);
    hr |= IMediaTrack2_Read(track, (uint32_t)sizeof buffer, buffer, &read);
    hr |= IMediaTrack2_Details(track, kind, &details);
    hr |= IMediaTrack2_Seek(track, duration, 1);
    hr |= IMediaTrack2_QueryExtension(track, &IID_IMediaSink, &extension);
    hr |= IMediaSink_OnTrack(sink, (IMediaTrack *)track, 50);
    return hr + (value.type == 2 ? (HRESULT)value.value.real : 0) + (HRESULT)details.sample_rate;
}
