using System.Globalization;
using System.Security.Cryptography;
using DenoiseApi.Errors;
using DenoiseApi.Input;
using DenoiseApi.Noise;
using DenoiseApi.Output;
using DenoiseApi.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DenoiseApi.Apis;

/// <summary>
/// POST /noise: corrupts a digit image with the trainer's own noise functions (Gaussian, uniform, salt-and-pepper,
/// masking; the very library in src/Noise), so the demo and API clients get exactly the noise the models
/// were trained against. The noise is applied to the model input (28x28, white on black, values in [0, 1]) and the
/// result is answered like /denoise: a PNG in the caller's polarity, 28x28 or the input's size.
/// </summary>
public static class NoiseApi
{
    /// <summary>Response header with the seed used (the one sent, or the one drawn), to reproduce the noise.</summary>
    public const string SeedHeader = "X-Noise-Seed";

    /// <summary>Response header with the noise applied, as "type:level".</summary>
    public const string SpecHeader = "X-Noise-Spec";

    public static IEndpointRouteBuilder MapNoiseApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/noise", AddNoiseAsync)
            .WithTags("Digits")
            .WithName("AddNoise")
            .WithSummary("Add training noise to a digit image")
            .WithDescription("Applies the noise the models were trained against to the 28x28 model input and answers image/png " +
                "(several images in one multipart request: JSON with one PNG each). The same image, type, level and seed always give the same PNG.")
            .DisableAntiforgery()
            .RequireApiKey()
            .AddEndpointFilter<ModelRequestFilter>()
            .AcceptsImage()
            .Answers(png: true, batch: typeof(NoiseBatchResponse), namesModel: false)
            .ProducesImageProblems(runsModels: false);
        return app;
    }

    /// <summary>Adds noise to the uploaded digit(s).</summary>
    internal static async Task<Results<FileContentHttpResult, Ok<NoiseBatchResponse>, ProblemHttpResult>> AddNoiseAsync(
        HttpContext context, [AsParameters] NoiseQuery query, DigitInputReader input)
    {
        var digits = await input.ReadAsync(context.Request, query.Preprocess, context.RequestAborted);
        if (!digits.TryGet(out var images, out var failure)) return Problems.For(failure, context);

        var spec = query.Spec;
        var noiseSeed = query.Seed ?? RandomNumberGenerator.GetInt32(int.MaxValue);
        var size = query.Size?.Value ?? OutputSize.Model;
        var noise = spec.Create();
        var results = new List<DenoisedImage>(images.Count);
        for (var i = 0; i < images.Count; i++)
        {
            var noisy = new float[images[i].Pixels.Length];
            var rng = Stream(noiseSeed, i);
            noise.Apply(images[i].Pixels, noisy, ref rng);
            results.Add(DigitOutputs.ToPng(noisy, images[i], size));
        }

        context.Response.Headers[SeedHeader] = noiseSeed.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers[SpecHeader] = spec.ToString();
        if (results.Count == 1) return TypedResults.Bytes(results[0].Png, "image/png");
        return TypedResults.Ok(new NoiseBatchResponse(spec.ToString(), noiseSeed, results));
    }

    /// <summary>
    /// The generator for image <paramref name="index"/> of a request: the trainer's per-image stream for
    /// (seed, round 0, index), so image i's noise depends only on the seed and its position.
    /// </summary>
    public static Xoshiro256 Stream(long seed, int index) => Xoshiro256.ForStream(seed, 0, index);
}

/// <summary>/noise's answer for several images, in request order.</summary>
/// <param name="Noise">The noise applied, "type:level".</param>
/// <param name="Seed">The seed used; image i used the stream (seed, 0, i).</param>
/// <param name="Results">One PNG per image.</param>
public sealed record NoiseBatchResponse(string Noise, long Seed, IReadOnlyList<DenoisedImage> Results);
