using DenoiseApi.Diagnostics;
using DenoiseApi.Errors;
using DenoiseApi.Inference;
using DenoiseApi.Input;
using DenoiseApi.ModelStore;
using DenoiseApi.Output;
using DenoiseApi.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DenoiseApi.Apis;

/// <summary>The product's routes: POST /denoise, /encode and /classify, each taking a digit image (or several).</summary>
public static class InferenceApi
{
    public static IEndpointRouteBuilder MapInferenceApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("").WithTags("Digits").DisableAntiforgery().RequireApiKey();

        api.MapPost("/denoise", DenoiseAsync)
            .WithName("Denoise")
            .WithSummary("Remove noise from a digit image")
            .WithDescription("Answers image/png (28x28, or the input's size with size=input) in the caller's polarity; several images in one multipart request are answered as JSON with one PNG each, in order.")
            .AcceptsImage()
            .Produces(StatusCodes.Status200OK, contentType: "image/png")
            .ProducesImageProblems();

        api.MapPost("/encode", EncodeAsync)
            .WithName("Encode")
            .WithSummary("The latent vector of a digit image")
            .AcceptsImage()
            .ProducesImageProblems();

        api.MapPost("/classify", ClassifyAsync)
            .WithName("Classify")
            .WithSummary("Which digit an image shows, with the ten probabilities")
            .WithDescription("With denoise=true the image goes through the denoiser first (the default one, or the one named by 'denoiser').")
            .AcceptsImage()
            .ProducesImageProblems();

        return app;
    }

    /// <summary>Denoises the uploaded digit(s).</summary>
    /// <param name="context">The request.</param>
    /// <param name="input">The input stage.</param>
    /// <param name="invoker">The inference stage.</param>
    /// <param name="model">Denoiser to use (default: the configured one).</param>
    /// <param name="version">Version of that model (default: the newest serving).</param>
    /// <param name="invert">auto (default: decided from the border), true (dark ink on light paper) or false.</param>
    /// <param name="fit">auto (default), mnist (crop, scale into 20x20, centre by mass) or stretch.</param>
    /// <param name="size">28 (default) or input: the answer's size.</param>
    internal static async Task<Results<FileContentHttpResult, Ok<DenoiseBatchResponse>, ProblemHttpResult>> DenoiseAsync(
        HttpContext context, DigitInputReader input, ModelInvoker invoker,
        [FromQuery] string? model, [FromQuery] string? version, [FromQuery] string? invert, [FromQuery] string? fit, [FromQuery] string? size)
    {
        if (!ModelSelection.Parse(model, version).TryGet(out var selection, out var failure)
            || !QueryOptions.Preprocess(invert, fit).TryGet(out var preprocess, out failure)
            || !QueryOptions.Size(size).TryGet(out var outputSize, out failure))
            return Problems.For(failure, context);
        if (invoker.RefuseIfOverloaded(ModelKind.Denoiser, selection) is { } overloaded) return Problems.For(overloaded, context);

        var digits = await input.ReadAsync(context.Request, preprocess, context.RequestAborted);
        if (!digits.TryGet(out var images, out failure)) return Problems.For(failure, context);
        var answer = await invoker.InvokeAsync(ModelKind.Denoiser, selection, [.. images.Select(d => d.Pixels)], context.RequestAborted);
        if (!answer.TryGet(out var result, out failure)) return Problems.For(failure, context);

        ServedModelFeature.Set(context, result.Model);
        var pngs = images.Select((image, i) => DigitOutputs.ToPng(result.Outputs[i], image, outputSize)).ToList();
        if (pngs.Count == 1) return TypedResults.Bytes(pngs[0].Png, "image/png");
        return TypedResults.Ok(new DenoiseBatchResponse(result.Model.Name, result.Model.Version, pngs));
    }

    /// <summary>Encodes the uploaded digit(s) into latent vectors.</summary>
    /// <param name="context">The request.</param>
    /// <param name="input">The input stage.</param>
    /// <param name="invoker">The inference stage.</param>
    /// <param name="model">Encoder to use (default: the configured one).</param>
    /// <param name="version">Version of that model (default: the newest serving).</param>
    /// <param name="invert">auto (default), true or false.</param>
    /// <param name="fit">auto (default), mnist or stretch.</param>
    internal static async Task<Results<Ok<EncodeResponse>, Ok<EncodeBatchResponse>, ProblemHttpResult>> EncodeAsync(
        HttpContext context, DigitInputReader input, ModelInvoker invoker,
        [FromQuery] string? model, [FromQuery] string? version, [FromQuery] string? invert, [FromQuery] string? fit)
    {
        if (!ModelSelection.Parse(model, version).TryGet(out var selection, out var failure)
            || !QueryOptions.Preprocess(invert, fit).TryGet(out var preprocess, out failure))
            return Problems.For(failure, context);
        if (invoker.RefuseIfOverloaded(ModelKind.Encoder, selection) is { } overloaded) return Problems.For(overloaded, context);

        var digits = await input.ReadAsync(context.Request, preprocess, context.RequestAborted);
        if (!digits.TryGet(out var images, out failure)) return Problems.For(failure, context);
        var answer = await invoker.InvokeAsync(ModelKind.Encoder, selection, [.. images.Select(d => d.Pixels)], context.RequestAborted);
        if (!answer.TryGet(out var result, out failure)) return Problems.For(failure, context);

        ServedModelFeature.Set(context, result.Model);
        var shape = result.Model.OutputItemShape.ToArray();
        if (result.Outputs.Count == 1)
            return TypedResults.Ok(new EncodeResponse(result.Model.Name, result.Model.Version, result.Outputs[0], shape));
        return TypedResults.Ok(new EncodeBatchResponse(result.Model.Name, result.Model.Version,
            [.. result.Outputs.Select(latent => new EncodedImage(latent, shape))]));
    }

    /// <summary>Classifies the uploaded digit(s).</summary>
    /// <param name="context">The request.</param>
    /// <param name="input">The input stage.</param>
    /// <param name="invoker">The inference stage.</param>
    /// <param name="model">Classifier to use (default: the configured one).</param>
    /// <param name="version">Version of that model (default: the newest serving).</param>
    /// <param name="denoise">true runs the denoiser first; false (default) classifies the image as it is.</param>
    /// <param name="denoiser">Denoiser to run first (default: the one the classifier was trained with, else the configured one).</param>
    /// <param name="denoiserVersion">Version of that denoiser (default: the newest serving).</param>
    /// <param name="invert">auto (default), true or false.</param>
    /// <param name="fit">auto (default), mnist or stretch.</param>
    internal static async Task<Results<Ok<ClassifyResponse>, Ok<ClassifyBatchResponse>, ProblemHttpResult>> ClassifyAsync(
        HttpContext context, DigitInputReader input, ModelInvoker invoker,
        [FromQuery] string? model, [FromQuery] string? version, [FromQuery] string? denoise, [FromQuery] string? denoiser,
        [FromQuery] string? denoiserVersion, [FromQuery] string? invert, [FromQuery] string? fit)
    {
        if (!ModelSelection.Parse(model, version).TryGet(out var selection, out var failure)
            || !QueryOptions.Flag(denoise, "denoise").TryGet(out var denoiseFirst, out failure)
            || !ModelSelection.Parse(denoiser, denoiserVersion, "denoiser", "denoiserVersion").TryGet(out var denoiserSelection, out failure)
            || !QueryOptions.Preprocess(invert, fit).TryGet(out var preprocess, out failure))
            return Problems.For(failure, context);
        if (denoiseFirst) denoiserSelection = invoker.DenoiserFor(selection, denoiserSelection);
        var overloaded = (denoiseFirst ? invoker.RefuseIfOverloaded(ModelKind.Denoiser, denoiserSelection) : null)
            ?? invoker.RefuseIfOverloaded(ModelKind.Classifier, selection);
        if (overloaded is not null) return Problems.For(overloaded, context);

        var digits = await input.ReadAsync(context.Request, preprocess, context.RequestAborted);
        if (!digits.TryGet(out var images, out failure)) return Problems.For(failure, context);

        IReadOnlyList<float[]> pixels = [.. images.Select(d => d.Pixels)];
        ServedModel? denoisedBy = null;
        if (denoiseFirst)
        {
            var cleaned = await invoker.InvokeAsync(ModelKind.Denoiser, denoiserSelection, pixels, context.RequestAborted);
            if (!cleaned.TryGet(out var denoised, out failure)) return Problems.For(failure, context);
            pixels = denoised.Outputs;
            denoisedBy = denoised.Model;
        }
        var answer = await invoker.InvokeAsync(ModelKind.Classifier, selection, pixels, context.RequestAborted);
        if (!answer.TryGet(out var result, out failure)) return Problems.For(failure, context);

        ServedModelFeature.Set(context, result.Model, denoisedBy);
        var classes = result.Outputs.Select(DigitOutputs.ToClass).ToList();
        if (classes.Count == 1)
            return TypedResults.Ok(new ClassifyResponse(result.Model.Name, result.Model.Version, classes[0].Digit, classes[0].Probabilities, denoisedBy?.Label));
        return TypedResults.Ok(new ClassifyBatchResponse(result.Model.Name, result.Model.Version, denoisedBy?.Label, classes));
    }
}
