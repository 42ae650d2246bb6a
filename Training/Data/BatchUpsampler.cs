using AlexNetMl.Contract.Model;
using AlexNetMl.Pipeline.Data;
using static TorchSharp.torch;

namespace AlexNetMl.Training.Data;

/// <summary>
/// Turns a batch of 28×28 dataset bytes into a model's input under its contract: times the pixel scale, augmented if
/// asked, and upsampled bilinearly to the input side as the book's <c>Resize</c> + <c>ToTensor</c> do (or left at 28×28).
/// Only the batch is ever upsampled; the dataset stays at 28×28.
/// </summary>
public sealed class BatchUpsampler
{
    private readonly FashionMnistDataset _dataset;
    private readonly ModelContract _contract;
    private readonly Device _device;
    private readonly float[] _pixels;
    private readonly long[] _labels;

    /// <summary>Creates an upsampler for batches of at most <paramref name="maxBatch"/> images.</summary>
    public BatchUpsampler(FashionMnistDataset dataset, ModelContract contract, Device device, int maxBatch)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(contract);
        _dataset = dataset;
        _contract = contract;
        _device = device;
        _pixels = new float[maxBatch * FashionMnistImage.Pixels];
        _labels = new long[maxBatch];
    }

    /// <summary>Builds (images [B,1,H,W] float32, labels [B] int64) on the device for the given dataset indices.</summary>
    /// <param name="indices">Dataset indices of the batch.</param>
    /// <param name="augmentation">(seed, epoch, batch) to augment with, or null for none.</param>
    public (Tensor Images, Tensor Labels) Batch(ReadOnlySpan<int> indices, (int Seed, int Epoch, int Batch)? augmentation = null)
    {
        int count = indices.Length;
        float scale = (float)_contract.PixelScale;
        for (int b = 0; b < count; b++)
        {
            ReadOnlySpan<byte> image = _dataset.Image(indices[b]);
            Span<float> target = _pixels.AsSpan(b * FashionMnistImage.Pixels, FashionMnistImage.Pixels);
            for (int p = 0; p < image.Length; p++)
            {
                target[p] = image[p] * scale;
            }

            _labels[b] = _dataset.Label(indices[b]);
        }

        if (augmentation is { } draw)
        {
            Augmentation.Apply(_pixels, count, draw.Seed, draw.Epoch, draw.Batch);
        }

        // The caller's dispose scope frees the intermediate tensors (on the CPU, .to() returns the same tensor).
        Tensor small = tensor(_pixels.AsSpan(0, count * FashionMnistImage.Pixels).ToArray(), [count, FashionMnistImage.Channels, FashionMnistImage.Side, FashionMnistImage.Side]).to(_device);
        Tensor images = _contract.Resize switch
        {
            ResizeMethod.None => small,
            ResizeMethod.Bilinear => Upsample(small, _contract.InputHeight),
            _ => throw new ArgumentException($"Unknown resize {_contract.Resize}."),
        };
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
