namespace DenoiseApi.Errors;

/// <summary>Every way a request can fail; <see cref="Problems"/> maps each to one status and one stable problem type.</summary>
public enum FailureKind
{
    /// <summary>The bytes are not a readable image (400).</summary>
    MalformedImage,

    /// <summary>The request has no image where one is expected: empty body, wrong field, wrong content type (400).</summary>
    MissingImage,

    /// <summary>A query value is not one of the allowed ones (400).</summary>
    InvalidQuery,

    /// <summary>The named model exists but does not do what the endpoint needs (400).</summary>
    WrongModelKind,

    /// <summary>The endpoint needs an API key and the request has no accepted one (401 + WWW-Authenticate).</summary>
    Unauthorized,

    /// <summary>No model of that name or version is loaded (404).</summary>
    UnknownModel,

    /// <summary>The request body, the image's pixels or the number of images is over the limit (413).</summary>
    TooLarge,

    /// <summary>The request body did not arrive in time (408).</summary>
    RequestTimeout,

    /// <summary>The image format is not one the decoder reads (415).</summary>
    UnsupportedFormat,

    /// <summary>A valid image that cannot hold a digit, e.g. zero size (422).</summary>
    NotADigit,

    /// <summary>The client is over its request rate, or sent too many wrong API keys (429 + Retry-After).</summary>
    RateLimited,

    /// <summary>Models are still loading or warming up (503 + Retry-After).</summary>
    NotReady,

    /// <summary>The model's queue is full (503 + Retry-After).</summary>
    Overloaded,

    /// <summary>The request's deadline passed while it waited or ran (503 + Retry-After).</summary>
    DeadlineExceeded,

    /// <summary>ONNX Runtime failed while running a loaded model (500; details only in the log).</summary>
    InferenceFailed,

    /// <summary>An unexpected error in the service (500; details only in the log).</summary>
    Internal,
}
