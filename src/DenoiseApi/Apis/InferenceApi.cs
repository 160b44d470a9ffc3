using DenoiseApi.Diagnostics;
using DenoiseApi.Errors;
using DenoiseApi.Inference;
using DenoiseApi.Input;
using DenoiseApi.ModelStore;
using DenoiseApi.Options;
using DenoiseApi.Output;
using DenoiseApi.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DenoiseApi.Apis;

/// <summary>The product's routes: POST /denoise, /encode and /classify, each taking a digit image (or several).</summary>
public static class InferenceApi
{
    public static IEndpointRouteBuilder MapInferenceApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("").WithTags("Digits").DisableAntiforgery().RequireApiKey().AddEndpointFilter<ModelRequestFilter>();

        api.MapPost("/denoise", DenoiseAsync)
            .WithName("Denoise")
            .WithSummary("Remove noise from a digit image")
            .WithDescription("Answers image/png (28x28, or the input's size with size=input) in the caller's polarity, with the model in " +
                "X-Model and X-Model-Version; several images in one multipart request are answered as JSON with one PNG each, in order.")
            .AcceptsImage()
            .Answers(png: true, batch: typeof(DenoiseBatchResponse))
            .ProducesImageProblems();

        api.MapPost("/encode", EncodeAsync)
            .WithName("Encode")
            .WithSummary("The latent vector of a digit image")
            .WithDescription("One image: its latent and shape; several images in one multipart request: one result each, in order.")
            .AcceptsImage()
            .Answers(oneImage: typeof(EncodeResponse), batch: typeof(EncodeBatchResponse))
            .ProducesImageProblems();

        api.MapPost("/classify", ClassifyAsync)
            .WithName("Classify")
            .WithSummary("Which digit an image shows, with the ten probabilities")
            .WithDescription("With denoise=true the image goes through the denoiser first (the default one, or the one named by 'denoiser'); " +
                "when the denoiser finds next to no noise (Models:CleanInputPsnrDb) the classifier sees the image as sent, and 'denoised' says which it saw. " +
                "One image: its digit and probabilities; several images in one multipart request: one result each, in order.")
            .AcceptsImage()
            .Answers(oneImage: typeof(ClassifyResponse), batch: typeof(ClassifyBatchResponse))
            .ProducesImageProblems();

        return app;
    }

    /// <summary>Denoises the uploaded digit(s).</summary>
    internal static async Task<Results<FileContentHttpResult, Ok<DenoiseBatchResponse>, ProblemHttpResult>> DenoiseAsync(
        HttpContext context, [AsParameters] DenoiseQuery query, DigitInputReader input, ModelInvoker invoker)
    {
        var digits = await input.ReadAsync(context.Request, query.Preprocess, context.RequestAborted);
        if (!digits.TryGet(out var images, out var failure)) return Problems.For(failure, context);
        var answer = await invoker.InvokeAsync(ModelKind.Denoiser, query.Selection, [.. images.Select(d => d.Pixels)], context.RequestAborted);
        if (!answer.TryGet(out var result, out failure)) return Problems.For(failure, context);

        ServedModelFeature.Set(context, result.Model);
        var size = query.Size?.Value ?? OutputSize.Model;
        var pngs = images.Select((image, i) => DigitOutputs.ToPng(result.Outputs[i], image, size)).ToList();
        if (pngs.Count == 1) return TypedResults.Bytes(pngs[0].Png, "image/png");
        return TypedResults.Ok(new DenoiseBatchResponse(result.Model.Name, result.Model.Version, pngs));
    }

    /// <summary>Encodes the uploaded digit(s) into latent vectors.</summary>
    internal static async Task<Results<Ok<EncodeResponse>, Ok<EncodeBatchResponse>, ProblemHttpResult>> EncodeAsync(
        HttpContext context, [AsParameters] EncodeQuery query, DigitInputReader input, ModelInvoker invoker)
    {
        var digits = await input.ReadAsync(context.Request, query.Preprocess, context.RequestAborted);
        if (!digits.TryGet(out var images, out var failure)) return Problems.For(failure, context);
        var answer = await invoker.InvokeAsync(ModelKind.Encoder, query.Selection, [.. images.Select(d => d.Pixels)], context.RequestAborted);
        if (!answer.TryGet(out var result, out failure)) return Problems.For(failure, context);

        ServedModelFeature.Set(context, result.Model);
        var shape = result.Model.OutputItemShape.ToArray();
        if (result.Outputs.Count == 1)
            return TypedResults.Ok(new EncodeResponse(result.Model.Name, result.Model.Version, result.Outputs[0], shape));
        return TypedResults.Ok(new EncodeBatchResponse(result.Model.Name, result.Model.Version,
            [.. result.Outputs.Select(latent => new EncodedImage(latent, shape))]));
    }

    /// <summary>Classifies the uploaded digit(s).</summary>
    internal static async Task<Results<Ok<ClassifyResponse>, Ok<ClassifyBatchResponse>, ProblemHttpResult>> ClassifyAsync(
        HttpContext context, [AsParameters] ClassifyQuery query, DigitInputReader input, ModelInvoker invoker, IOptions<ModelsOptions> models)
    {
        var digits = await input.ReadAsync(context.Request, query.Preprocess, context.RequestAborted);
        if (!digits.TryGet(out var images, out var failure)) return Problems.For(failure, context);

        IReadOnlyList<float[]> pixels = [.. images.Select(d => d.Pixels)];
        ServedModel? denoisedBy = null;
        bool[]? denoisedFlags = null;
        if (query.DenoiseFirst)
        {
            var cleaned = await invoker.InvokeAsync(ModelKind.Denoiser, query.DenoiserSelection(invoker), pixels, context.RequestAborted);
            if (!cleaned.TryGet(out var denoised, out failure)) return Problems.For(failure, context);
            var threshold = models.Value.CleanInputPsnrDb;
            denoisedFlags = [.. pixels.Select((sent, i) => !CleanInputCheck.FoundNoNoise(sent, denoised.Outputs[i], threshold))];
            pixels = [.. pixels.Select((sent, i) => denoisedFlags[i] ? denoised.Outputs[i] : sent)];
            denoisedBy = denoised.Model;
        }
        var answer = await invoker.InvokeAsync(ModelKind.Classifier, query.Selection, pixels, context.RequestAborted);
        if (!answer.TryGet(out var result, out failure)) return Problems.For(failure, context);

        ServedModelFeature.Set(context, result.Model, denoisedBy);
        var classes = result.Outputs.Select((probabilities, i) => DigitOutputs.ToClass(probabilities) with { Denoised = denoisedFlags?[i] }).ToList();
        if (classes.Count == 1)
            return TypedResults.Ok(new ClassifyResponse(result.Model.Name, result.Model.Version, classes[0].Digit, classes[0].Probabilities, denoisedBy?.Label, classes[0].Denoised));
        return TypedResults.Ok(new ClassifyBatchResponse(result.Model.Name, result.Model.Version, denoisedBy?.Label, classes));
    }
}
