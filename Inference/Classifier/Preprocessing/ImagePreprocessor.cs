using System.Globalization;
using AlexNetMl.Contract.Programs;
using AlexNetMl.Pipeline.Data;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SixLabors.ImageSharp;

namespace AlexNetMl.Inference.Preprocessing;

/// <summary>
/// Turns an untrusted image into the 784 grey levels the model was trained on: size and dimension checks before
/// decoding, first frame only, 8-bit grey, optional inversion, longest side fitted into 28×28 on a black canvas.
/// </summary>
public sealed class ImagePreprocessor
{
    private readonly ImagePreprocessorOptions _options;
    private readonly Configuration _configuration;

    /// <summary>Creates a preprocessor with its own ImageSharp configuration (capped pool, first-frame GIF decoding).</summary>
    public ImagePreprocessor(ImagePreprocessorOptions? options = null)
    {
        _options = options ?? new ImagePreprocessorOptions();
        _options.Validate();
        _configuration = Configuration.Default.Clone();
        _configuration.MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions { MaximumPoolSizeMegabytes = _options.MaxPoolMegabytes });
        // Multi-frame formats decode their first frame only: a crafted file whose later pages differ in size cannot fail
        // the decode, and memory is bounded by the one frame whose size was checked.
        _configuration.ImageFormatsManager.SetDecoder(GifFormat.Instance, new GifDecoder { DecodingMode = FrameDecodingMode.First });
        _configuration.ImageFormatsManager.SetDecoder(TiffFormat.Instance, new TiffDecoder { DecodingMode = FrameDecodingMode.First });
    }

    /// <summary>Reads and converts the image file at <paramref name="path"/>.</summary>
    public byte[] FromFile(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new InvalidImageException($"{path}: file not found.");
        }

        CheckLength(path, file.Length);
        using FileStream stream = file.OpenRead();
        return FromStream(stream, path);
    }

    /// <summary>Reads and converts an image from <paramref name="stream"/> (at most the configured size is read).</summary>
    public byte[] FromStream(Stream stream, string name = "stream")
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] bytes = ReadBounded(stream, name);
        CheckLength(name, bytes.Length);
        IImageInfo? info;
        try
        {
            using var identifyStream = new MemoryStream(bytes, writable: false);
            info = Image.Identify(_configuration, identifyStream);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidImageException($"{name}: corrupt image header ({e.GetType().Name}: {TerminalText.FirstLine(e.Message)}).", e);
        }

        if (info is null)
        {
            throw new InvalidImageException($"{name}: not an image format ImageSharp can decode (PNG, JPEG, GIF, BMP, TGA, TIFF, WebP, PBM).");
        }

        CheckDimensions(name, info.Width, info.Height);

        Image<L8> decoded;
        try
        {
            decoded = Image.Load<L8>(_configuration, bytes);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The decoders run on untrusted bytes, and on crafted files ImageSharp 2.1 throws more than its documented
            // ImageFormatException (NotSupportedException for an unsupported TIFF compression or an animated WebP,
            // IndexOutOfRange, InvalidData, ...). Whatever the decoder throws is a fault of this file, not of the program.
            throw new InvalidImageException($"{name}: the image cannot be decoded ({e.GetType().Name}: {TerminalText.FirstLine(e.Message)}).", e);
        }

        using (decoded)
        {
            return FromImage(decoded, name);
        }
    }

    /// <summary>Converts a decoded image (any pixel type; its first frame) to 784 grey levels, within the same size limits as files.</summary>
    public byte[] FromImage(Image image, string name = "image")
    {
        ArgumentNullException.ThrowIfNull(image);
        CheckDimensions(name, image.Width, image.Height);
        using Image<L8> grey = image.Frames.Count > 1 ? image.Frames.CloneFrame(0).CloneAs<L8>() : image.CloneAs<L8>();
        if (_options.Invert == InvertMode.Yes || (_options.Invert == InvertMode.Auto && HasLightBorder(grey)))
        {
            grey.Mutate(context => context.Invert());
        }

        if (grey.Width != FashionMnistImage.Side || grey.Height != FashionMnistImage.Side)
        {
            // Fit the longest side into 28 px and pad with black, as the dataset's items sit on a black canvas.
            grey.Mutate(context => context.Resize(new ResizeOptions
            {
                Size = new Size(FashionMnistImage.Side, FashionMnistImage.Side),
                Mode = ResizeMode.Pad,
                PadColor = Color.Black,
                Sampler = KnownResamplers.Bicubic,
            }));
        }

        byte[] pixels = new byte[FashionMnistImage.Pixels];
        grey.CopyPixelDataTo(pixels);
        return pixels;
    }

    /// <summary>Whether the outermost pixels are mostly light: a product photographed on a white background.</summary>
    private static bool HasLightBorder(Image<L8> image)
    {
        long sum = 0;
        long count = 0;
        image.ProcessPixelRows(accessor =>
        {
            for (int y = 0; y < accessor.Height; y++)
            {
                Span<L8> row = accessor.GetRowSpan(y);
                if (y == 0 || y == accessor.Height - 1)
                {
                    foreach (L8 pixel in row)
                    {
                        sum += pixel.PackedValue;
                    }

                    count += row.Length;
                }
                else
                {
                    sum += row[0].PackedValue + row[^1].PackedValue;
                    count += 2;
                }
            }
        });
        return count > 0 && sum / (double)count > 127.5;
    }

    private void CheckDimensions(string name, int width, int height)
    {
        if (width > _options.MaxWidth || height > _options.MaxHeight || width <= 0 || height <= 0)
        {
            throw new InvalidImageException(
                $"{name}: {width.ToString("N0", CultureInfo.InvariantCulture)}×{height.ToString("N0", CultureInfo.InvariantCulture)} pixels is outside the " +
                $"1×1 to {_options.MaxWidth.ToString("N0", CultureInfo.InvariantCulture)}×{_options.MaxHeight.ToString("N0", CultureInfo.InvariantCulture)} limit.");
        }
    }

    private void CheckLength(string name, long length)
    {
        if (length == 0)
        {
            throw new InvalidImageException($"{name}: the file is empty.");
        }

        if (length > _options.MaxBytes)
        {
            throw new InvalidImageException($"{name}: {length.ToString("N0", CultureInfo.InvariantCulture)} bytes is over the {_options.MaxBytes.ToString("N0", CultureInfo.InvariantCulture)}-byte limit.");
        }
    }

    private byte[] ReadBounded(Stream stream, string name)
    {
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > _options.MaxBytes)
            {
                throw new InvalidImageException($"{name}: more than the {_options.MaxBytes.ToString("N0", CultureInfo.InvariantCulture)}-byte limit.");
            }
        }

        return buffer.ToArray();
    }
}
