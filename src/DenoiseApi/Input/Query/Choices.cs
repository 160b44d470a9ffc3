using DenoiseApi.Imaging;

namespace DenoiseApi.Input;

/// <summary><c>invert</c>: whether the image is dark ink on light paper.</summary>
public enum InvertOption
{
    /// <summary>Decided from the image's border.</summary>
    Auto,

    /// <summary>Dark ink on light paper: inverted to the models' white on black (and back in PNG answers).</summary>
    True,

    /// <summary>Already white ink on black.</summary>
    False,
}

/// <summary><c>fit</c>: how the image is brought to the models' 28x28.</summary>
public enum FitOption
{
    /// <summary>mnist for anything but a 28x28 image.</summary>
    Auto,

    /// <summary>Crop to the ink, scale into 20x20, centre by mass (as MNIST was made).</summary>
    Mnist,

    /// <summary>Scale the whole image to 28x28.</summary>
    Stretch,
}

/// <summary><c>size</c>: the size of a PNG answer.</summary>
public enum OutputSize
{
    /// <summary>28x28, the model's size.</summary>
    [QueryAlias("28")]
    Model,

    /// <summary>The input image's size.</summary>
    Input,
}

/// <summary>A yes/no query value (<c>denoise</c>), spelled true/false or 1/0.</summary>
public enum Toggle
{
    [QueryAlias("0")]
    False,

    [QueryAlias("1")]
    True,
}

/// <summary>The preprocessing a request's <c>invert</c> and <c>fit</c> ask for.</summary>
public static class Preprocessing
{
    public static PreprocessOptions Of(QueryChoice<InvertOption>? invert, QueryChoice<FitOption>? fit) => new(
        (invert?.Value ?? InvertOption.Auto) switch
        {
            InvertOption.True => Polarity.Invert,
            InvertOption.False => Polarity.Keep,
            _ => Polarity.Auto,
        },
        (fit?.Value ?? FitOption.Auto) switch
        {
            FitOption.Mnist => FitMode.Mnist,
            FitOption.Stretch => FitMode.Stretch,
            _ => FitMode.Auto,
        });
}
