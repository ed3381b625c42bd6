/* The crosstool host in C99: what tests/crosstool/cxx/host.cpp does, through the generated
 * C headers and the C API alone, so that the C++ components' exceptions are seen reaching a
 * C caller as an HRESULT and error info. Usage: c_host REGISTRY.toml */
#include <stdio.h>
#include <string.h>

/* The IIDs and CLSIDs of the headers below are defined in this file, the host's only one
 * (the generated headers declare them with DEFINE_GUID, as widl's do). */
#define INITGUID
#include <ucom/runtime.h>
#include <ucom/ucom.h>

#include "report.h"

/* Prints the HRESULT's name and the message the failing call left as error info. */
static void print_failure(const char *call, HRESULT hr)
{
    HRESULT code = S_OK;
    char *source = NULL;
    char *message = NULL;
    const char *name = ucom_hresult_name(hr);
    const int has_info = ucom_take_error_info(&code, &source, &message) == S_OK && code == hr;
    printf("%s: %s: %s\n", call, name != NULL ? name : "?", has_info && message != NULL ? message : "(no error info)");
    ucom_free(source);
    ucom_free(message);
}

static int fail(const char *call, HRESULT hr)
{
    print_failure(call, hr);
    return 1;
}

/* Build through IReport: on success prints the report, or its first line only. */
static HRESULT print_report(IReport *report, uint32_t count, const Shape *shapes, int first_line_only)
{
    char *text = NULL;
    const HRESULT hr = IReport_Build(report, count, shapes, &text);
    if (SUCCEEDED(hr)) {
        if (first_line_only) {
            printf("after the failures: %.*s\n", (int)strcspn(text, "\n"), text);
        } else {
            printf("%s\n", text);
        }
        ucom_free(text);
    }
    return hr;
}

static void print_throws(const char *name, IUnknown *component, int is_report)
{
    char call[64];
    int32_t what = 0;
    HRESULT hr = S_OK;
    for (what = 1; what <= 4; ++what) {
        hr = is_report ? IReport_Throw((IReport *)component, what) : IScene_Throw((IScene *)component, what);
        snprintf(call, sizeof call, "%s Throw(%d)", name, (int)what);
        if (FAILED(hr)) {
            print_failure(call, hr);
        } else {
            printf("%s: no failure\n", call);
        }
    }
}

static HRESULT run(ucom_runtime *runtime)
{
    Shape shapes[3];
    Shape unknown;
    IReport *report = NULL;
    IScene *scene = NULL;
    IShapes *c_shapes = NULL;
    double area = 0;
    HRESULT hr = S_OK;

    memset(shapes, 0, sizeof shapes);
    shapes[0].kind = SHAPE_CIRCLE;
    shapes[0].value.radius = 1;
    shapes[1].kind = SHAPE_RECTANGLE;
    shapes[1].value.size.x = 2;
    shapes[1].value.size.y = 3;
    shapes[2].kind = SHAPE_TRIANGLE;
    shapes[2].value.triangle.corners[1].x = 4;
    shapes[2].value.triangle.corners[2].y = 3;
    unknown = shapes[0];
    unknown.kind = 7;

    hr = ucom_runtime_create_instance_by_name_with_contract(runtime, "Crosstool.Report", &IID_IReport,
                                                            IReport_CONTRACT, (void **)&report);
    if (FAILED(hr)) {
        print_failure("Crosstool.Report", hr);
        return hr;
    }
    hr = print_report(report, 3, shapes, 0);
    if (SUCCEEDED(hr)) {
        print_throws("report", (IUnknown *)report, 1);
        hr = ucom_runtime_create_instance_by_name_with_contract(runtime, "Crosstool.Scene", &IID_IScene,
                                                                IScene_CONTRACT, (void **)&scene);
    }
    if (SUCCEEDED(hr)) {
        print_throws("scene", (IUnknown *)scene, 0);
        IScene_Release(scene);
        hr = ucom_runtime_create_instance_by_name_with_contract(runtime, "Crosstool.C.Shapes", &IID_IShapes,
                                                                IShapes_CONTRACT, (void **)&c_shapes);
    }
    if (SUCCEEDED(hr)) {
        print_failure("shapes Area(kind 7)", IShapes_Area(c_shapes, &unknown, &area));
        IShapes_Release(c_shapes);
        hr = print_report(report, 1, shapes, 1);
    }
    if (FAILED(hr)) {
        print_failure("c_host", hr);
    }
    IReport_Release(report);
    return hr;
}

int main(int argc, char **argv)
{
    ucom_runtime *runtime = NULL;
    HRESULT hr = S_OK;
    if (argc != 2) {
        fprintf(stderr, "usage: c_host REGISTRY.toml\n");
        return 2;
    }
    hr = ucom_runtime_open((const char *const *)(argv + 1), 1, &runtime);
    if (FAILED(hr)) {
        return fail("ucom_runtime_open", hr);
    }
    printf("host (C)\n");
    hr = run(runtime);
    ucom_runtime_close(runtime);
    return FAILED(hr) ? 1 : 0;
}
