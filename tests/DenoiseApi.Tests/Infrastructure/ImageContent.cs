using System.Net.Http.Headers;

namespace DenoiseApi.Tests.Infrastructure;

/// <summary>Request bodies carrying images the two ways the service accepts.</summary>
public static class ImageContent
{
    /// <summary>multipart/form-data with each image as a file in <paramref name="field"/>.</summary>
    public static MultipartFormDataContent Multipart(IEnumerable<byte[]> images, string field = "image")
    {
        var form = new MultipartFormDataContent();
        var i = 0;
        foreach (var bytes in images)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(file, field, $"digit-{i++}.png");
        }
        return form;
    }

    public static MultipartFormDataContent Multipart(byte[] image, string field = "image") => Multipart([image], field);

    /// <summary>The image as the raw body.</summary>
    public static ByteArrayContent Raw(byte[] image, string contentType = "image/png")
    {
        var body = new ByteArrayContent(image);
        body.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return body;
    }
}
