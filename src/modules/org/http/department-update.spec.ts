import { AppValidationPipe } from '../../../common/http/validation';
import { UpdateDepartmentDto } from './department.dto';

const pipe = new AppValidationPipe();
const patch = async (body: Record<string, unknown>): Promise<object> =>
  (await pipe.transform(body, { type: 'body', metatype: UpdateDepartmentDto })) as object;
const refusedFields = async (body: Record<string, unknown>): Promise<string[]> => {
  try {
    await patch(body);
  } catch (error) {
    return [...new Set((error as { details: { field: string }[] }).details.map((d) => d.field))];
  }
  return [];
};

describe('department PATCH body', () => {
  it('null clears the description and the calendar, and is refused for name, autoAssign and isActive', async () => {
    expect(await patch({})).toEqual({});
    expect(await patch({ description: null, calendarId: null })).toEqual({
      description: null,
      calendarId: null,
    });
    for (const field of ['name', 'autoAssign', 'isActive']) {
      expect(await refusedFields({ [field]: null })).toEqual([field]);
    }
    expect(await refusedFields({ name: 'x'.repeat(101), calendarId: 'nope', parentId: null })).toEqual([
      'parentId',
      'name',
      'calendarId',
    ]);
    expect(await patch({ name: ' Support ', autoAssign: true, isActive: false })).toEqual({
      name: 'Support',
      autoAssign: true,
      isActive: false,
    });
  });
});
