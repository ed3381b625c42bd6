// Compiled with -fsyntax-only as C++17 by every C++ compiler and standard library of the
// layout matrix: the golden media_library.h, media_library_impl.hpp and
// media_library_client.hpp (and what they import) with an implementation whose glue is
// instantiated, and calls through the client wrappers.
#include <cstdint>
#include <string>

#include <ucom/com_ptr.hpp>
#include <ucom/implements.hpp>

#include "media_library.h"
#include "media_library_client.hpp"
#include "media_library_impl.hpp"

namespace {

struct impl : ucom::implements<impl, IMediaTrack2, IMediaSink> {
    HRESULT get_Kind(media_kind *kind)
    {
        *kind = MEDIA_KIND_VIDEO;
        return S_OK;
    }
    HRESULT get_Name(char **) { return E_NOTIMPL; }
    HRESULT put_Name(const char *) { return S_OK; }
    HRESULT get_Duration(media_time *duration)
    {
        *duration = media_time{1, 2};
        return S_OK;
    }
    HRESULT GetTags(uint32_t *count, media_tag **)
    {
        *count = 0;
        return S_OK;
    }
    HRESULT GetValue(int32_t, media_value *value)
    {
        value->type = 1;
        value->value.integer = 3;
        return S_OK;
    }
    HRESULT get_Number(int32_t *number)
    {
        *number = 4;
        return S_OK;
    }
    HRESULT putref_Album(IUnknown *) { return S_OK; }
    HRESULT Read(uint32_t, uint8_t *, uint32_t *read)
    {
        *read = 0;
        return S_OK;
    }
    HRESULT Details(media_kind, media_details *details)
    {
        details->sample_rate = 48000;
        return S_OK;
    }
    HRESULT Seek(media_time, uint8_t) { return S_OK; }
    HRESULT QueryExtension(REFIID, void **) { return E_NOINTERFACE; }
    HRESULT Volume(double) { return S_OK; }
    HRESULT OnTrack(IMediaTrack *, int32_t) { return S_OK; }
};

using track_glue = ucom::glue<IMediaTrack2, impl>;
static_assert(track_glue::vtbl.get_Kind == &ucom::glue<IMediaObject, impl>::get_Kind<IMediaTrack2>);
static_assert(track_glue::vtbl.GetValue == &ucom::glue<IMediaItem, impl>::GetValue<IMediaTrack2>);
static_assert(track_glue::vtbl.Read == &ucom::glue<IMediaTrack, impl>::Read<IMediaTrack2>);
static_assert(track_glue::vtbl.QueryExtension == &track_glue::QueryExtension<IMediaTrack2>);
static_assert(ucom::glue<IMediaSink, impl>::vtbl.OnTrack == &ucom::glue<IMediaSink, impl>::OnTrack<IMediaSink>);

} // namespace

HRESULT media_cxx_client();
HRESULT media_cxx_client()
{
    const ucom::com_ptr<IMediaTrack2> track = ucom::make<impl>();
    int32_t number = 0;
    const ucom::client<IMediaTrack2> client(track);
    const std::string name = client.Name();
    return client.Number() + client.Volume(0.5) + client.Seek(media_time{0, 0}, 1) + client.Name("x") +
           static_cast<HRESULT>(name.size()) + track->get_Number(&number);
}
