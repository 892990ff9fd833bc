/** The posted form, or a 400 when the body is not a form at all (never a 500 from bad input). */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response("Bad Request: expected a form submission.", { status: 400 });
  }
}
