using System.Globalization;
using System.Security.Cryptography;
using DenoiseApi.Errors;
using DenoiseApi.Input;
using DenoiseApi.Noise;
using DenoiseApi.Output;
using DenoiseApi.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

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
            .AcceptsImage()
            .Produces(StatusCodes.Status200OK, contentType: "image/png")
            .Produces<NoiseBatchResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>Adds noise to the uploaded digit(s).</summary>
    /// <param name="context">The request.</param>
    /// <param name="input">The input stage.</param>
    /// <param name="type">gaussian, uniform, salt-pepper, mask or none.</param>
    /// <param name="level">σ for gaussian and f for uniform (0 to 2); the fraction of pixels hit for salt-pepper and mask (0 to 1).</param>
    /// <param name="seed">Seed of the noise; the same seed gives the same noise. Default: a random seed, reported in X-Noise-Seed.</param>
    /// <param name="invert">auto (default), true or false: as for /denoise.</param>
    /// <param name="fit">auto (default), mnist or stretch: as for /denoise.</param>
    /// <param name="size">28 (default) or input: the answer's size.</param>
    internal static async Task<Results<FileContentHttpResult, Ok<NoiseBatchResponse>, ProblemHttpResult>> AddNoiseAsync(
        HttpContext context, DigitInputReader input, [FromQuery] string? type, [FromQuery] string? level,
        [FromQuery] string? seed, [FromQuery] string? invert, [FromQuery] string? fit, [FromQuery] string? size)
    {
        if (!ParseSpec(type, level).TryGet(out var spec, out var failure)
            || !ParseSeed(seed).TryGet(out var noiseSeed, out failure)
            || !QueryOptions.Preprocess(invert, fit).TryGet(out var preprocess, out failure)
            || !QueryOptions.Size(size).TryGet(out var outputSize, out failure))
            return Problems.For(failure, context);

        var digits = await input.ReadAsync(context.Request, preprocess, context.RequestAborted);
        if (!digits.TryGet(out var images, out failure)) return Problems.For(failure, context);

        var noise = spec.Create();
        var results = new List<DenoisedImage>(images.Count);
        for (var i = 0; i < images.Count; i++)
        {
            var noisy = new float[images[i].Pixels.Length];
            var rng = Stream(noiseSeed, i);
            noise.Apply(images[i].Pixels, noisy, ref rng);
            results.Add(DigitOutputs.ToPng(noisy, images[i], outputSize));
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

    internal static Outcome<NoiseSpec> ParseSpec(string? type, string? level)
    {
        if (string.IsNullOrWhiteSpace(type))
            return Failure.Query("'type' is required: gaussian, uniform, salt-pepper, mask or none.");
        var text = string.IsNullOrWhiteSpace(level) ? type.Trim() : $"{type.Trim()}:{level.Trim()}";
        return NoiseSpec.TryParse(text, out var spec, out var error) ? spec : Failure.Query(error ?? $"Noise '{text}' is not understood.");
    }

    private static Outcome<long> ParseSeed(string? seed)
    {
        if (string.IsNullOrWhiteSpace(seed)) return RandomNumberGenerator.GetInt32(int.MaxValue);
        return long.TryParse(seed.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : Failure.Query($"'seed' must be a whole number, not '{seed}'.");
    }
}

/// <summary>/noise's answer for several images, in request order.</summary>
/// <param name="Noise">The noise applied, "type:level".</param>
/// <param name="Seed">The seed used; image i used the stream (seed, 0, i).</param>
/// <param name="Results">One PNG per image.</param>
public sealed record NoiseBatchResponse(string Noise, long Seed, IReadOnlyList<DenoisedImage> Results);
