using AlexNetMl.Pipeline.Data;
using static TorchSharp.torch;

namespace AlexNetMl.Training.Data;

/// <summary>
/// Turns a batch of 28×28 dataset bytes into the model's input: scaled to [0,1] and upsampled bilinearly to side×side,
/// as the book's <c>Resize</c> + <c>ToTensor</c> do. Only the batch is ever upsampled; the dataset stays at 28×28.
/// </summary>
public sealed class BatchUpsampler
{
    private readonly FashionMnistDataset _dataset;
    private readonly int _side;
    private readonly Device _device;
    private readonly float[] _pixels;
    private readonly long[] _labels;

    /// <summary>Creates an upsampler for batches of at most <paramref name="maxBatch"/> images.</summary>
    public BatchUpsampler(FashionMnistDataset dataset, int side, Device device, int maxBatch)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        _dataset = dataset;
        _side = side;
        _device = device;
        _pixels = new float[maxBatch * FashionMnistClasses.PixelsPerImage];
        _labels = new long[maxBatch];
    }

    /// <summary>Builds (images [B,1,side,side] float32, labels [B] int64) on the device for the given dataset indices.</summary>
    public (Tensor Images, Tensor Labels) Batch(ReadOnlySpan<int> indices)
    {
        int count = indices.Length;
        const float Scale = 1f / 255f;
        for (int b = 0; b < count; b++)
        {
            ReadOnlySpan<byte> image = _dataset.Image(indices[b]);
            Span<float> target = _pixels.AsSpan(b * FashionMnistClasses.PixelsPerImage, FashionMnistClasses.PixelsPerImage);
            for (int p = 0; p < image.Length; p++)
            {
                target[p] = image[p] * Scale;
            }

            _labels[b] = _dataset.Label(indices[b]);
        }

        using Tensor small = tensor(_pixels.AsSpan(0, count * FashionMnistClasses.PixelsPerImage).ToArray(), [count, 1, FashionMnistClasses.ImageSide, FashionMnistClasses.ImageSide]);
        using Tensor onDevice = small.to(_device);
        Tensor images = Upsample(onDevice, _side);
        Tensor labels = tensor(_labels.AsSpan(0, count).ToArray(), [count]).to(_device);
        return (images, labels);
    }

    /// <summary>Bilinear upsampling with half-pixel centres (align_corners=false), the convention of the book's Resize.</summary>
    public static Tensor Upsample(Tensor images, int side)
    {
        ArgumentNullException.ThrowIfNull(images);
        return nn.functional.interpolate(images, size: [side, side], mode: InterpolationMode.Bilinear, align_corners: false);
    }
}
