using AlexNetMl.Inference.Preprocessing;

namespace AlexNetMl.Inference.Serving;

/// <summary>
/// <c>/classify</c>'s uploads turned into 784 grey levels by the classifier's <see cref="ImagePreprocessor"/>, at most
/// <see cref="ServingOptions.MaxConcurrentDecodes"/> at once: decoding is CPU work, and each decode may hold an image of
/// up to the preprocessor's pixel limit, so the bound caps both the cores and the memory that uploads can take.
/// </summary>
public sealed class ImageDecoding(ImagePreprocessor preprocessor, int maxConcurrent) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(maxConcurrent, maxConcurrent);

    /// <summary>Decodes <paramref name="image"/> (named <paramref name="name"/> in errors) when a slot is free.</summary>
    /// <exception cref="InvalidImageException">The upload is not an image the preprocessor takes.</exception>
    public async Task<byte[]> DecodeAsync(Stream image, string name, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return preprocessor.FromStream(image, name);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
